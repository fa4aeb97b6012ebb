package io.cow.core.control;

import io.cow.core.config.SettingType;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rate such as {@code 5/1m}: at most {@code count} in any {@code per}, as a token bucket that holds {@code count}
 * and refills evenly over {@code per}.
 *
 * @param count how many; 0 means no limit
 * @param per   in how long
 */
public record Rate(int count, Duration per) {

    /** No limit. */
    public static final Rate NONE = new Rate(0, Duration.ofMinutes(1));

    private static final Pattern TEXT = Pattern.compile("(\\d{1,9})\\s*/\\s*(\\d{0,9})\\s*(s|m|h|d)");

    public boolean limited() {
        return count > 0;
    }

    /**
     * Reads {@code 5/1m}, {@code 30/h}, {@code 100/1d}; {@code 0}, {@code none} or an empty text is no limit.
     *
     * @throws IllegalArgumentException when the text is none of these
     */
    public static Rate parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (t.isEmpty() || t.equals("0") || t.equals("none") || t.equals("off")) {
            return NONE;
        }
        Matcher m = TEXT.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a rate such as '5/1m' or '100/1d'");
        }
        long amount = m.group(2).isEmpty() ? 1 : Long.parseLong(m.group(2));
        Duration unit = switch (m.group(3)) {
            case "s" -> Duration.ofSeconds(1);
            case "m" -> Duration.ofMinutes(1);
            case "h" -> Duration.ofHours(1);
            default -> Duration.ofDays(1);
        };
        Duration per = unit.multipliedBy(amount);
        if (per.isZero()) {
            throw new IllegalArgumentException("'" + text + "' has no time span");
        }
        return new Rate(Integer.parseInt(m.group(1)), per);
    }

    @Override
    public String toString() {
        if (!limited()) {
            return "none";
        }
        long s = per.toSeconds();
        String span = s % 86_400 == 0 ? s / 86_400 + "d" : s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
        return count + "/" + span;
    }

    /** The setting type: a rate, or nothing for none. */
    public static SettingType<Rate> type() {
        return new SettingType<>() {
            @Override
            public Rate parse(Object raw) {
                return Rate.parse(String.valueOf(raw));
            }

            @Override
            public String allowed() {
                return "a rate such as '5/1m', '30/1h' or '100/1d' (0 or none: no limit)";
            }

            @Override
            public String format(Rate value) {
                return value == null ? "" : value.toString();
            }
        };
    }
}
