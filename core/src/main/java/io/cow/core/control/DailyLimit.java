package io.cow.core.control;

import io.cow.core.config.SettingType;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A daily quota: so many answered questions, or so many tokens, per day.
 *
 * @param amount how many; 0 means no limit
 * @param unit   what is counted
 */
public record DailyLimit(long amount, Unit unit) {

    /** What a quota counts. */
    public enum Unit { MESSAGES, TOKENS }

    /** No limit. */
    public static final DailyLimit NONE = new DailyLimit(0, Unit.MESSAGES);

    private static final Pattern TEXT = Pattern.compile("(\\d{1,12})\\s*(messages?|tokens?)(\\s*(per|/|a)\\s*day)?");

    public boolean limited() {
        return amount > 0;
    }

    /** Whether a total of {@code messages} answers and {@code tokens} tokens has reached the limit. */
    public boolean reachedBy(long messages, long tokens) {
        return limited() && (unit == Unit.MESSAGES ? messages : tokens) >= amount;
    }

    /**
     * Reads {@code 50 messages}, {@code 20000 tokens}, also with {@code per day}; {@code 0}, {@code none} or an empty
     * text is no limit.
     *
     * @throws IllegalArgumentException when the text is none of these
     */
    public static DailyLimit parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (t.isEmpty() || t.equals("0") || t.equals("none") || t.equals("off")) {
            return NONE;
        }
        Matcher m = TEXT.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a daily limit such as '50 messages' or '20000 tokens'");
        }
        return new DailyLimit(Long.parseLong(m.group(1)), m.group(2).startsWith("token") ? Unit.TOKENS : Unit.MESSAGES);
    }

    @Override
    public String toString() {
        return limited() ? amount + " " + unit.name().toLowerCase(Locale.ROOT) + " per day" : "none";
    }

    /** The setting type: a daily limit, or nothing for none. */
    public static SettingType<DailyLimit> type() {
        return new SettingType<>() {
            @Override
            public DailyLimit parse(Object raw) {
                return DailyLimit.parse(String.valueOf(raw));
            }

            @Override
            public String allowed() {
                return "a daily limit such as '50 messages' or '20000 tokens' (0 or none: no limit)";
            }

            @Override
            public String format(DailyLimit value) {
                return value == null ? "" : value.toString();
            }
        };
    }
}
