package io.cow.core.control;

import io.cow.core.config.SettingType;
import io.cow.core.config.SettingTypes;

import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Local hours in which the governor sends nothing, such as {@code 23:00-07:00} (over midnight) or {@code 12:00-13:30}.
 *
 * @param from the first quiet minute
 * @param to   the first minute after the quiet time
 */
record QuietHours(LocalTime from, LocalTime to) {

    /** Reads {@code HH:mm-HH:mm}; empty for an empty text. */
    public static Optional<QuietHours> parse(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            return Optional.empty();
        }
        String[] parts = t.split("-");
        if (parts.length != 2) {
            throw new IllegalArgumentException("'" + text + "' is not a span of hours such as 23:00-07:00");
        }
        try {
            LocalTime from = LocalTime.parse(parts[0].strip().length() == 4 ? "0" + parts[0].strip() : parts[0].strip());
            LocalTime to = LocalTime.parse(parts[1].strip().length() == 4 ? "0" + parts[1].strip() : parts[1].strip());
            if (from.equals(to)) {
                throw new IllegalArgumentException("'" + text + "' is empty");
            }
            return Optional.of(new QuietHours(from, to));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a span of hours such as 23:00-07:00", e);
        }
    }

    /** Whether the time is quiet. */
    public boolean contains(LocalTime time) {
        return from.isBefore(to) ? !time.isBefore(from) && time.isBefore(to) : !time.isBefore(from) || time.isBefore(to);
    }

    /** When the quiet time that contains {@code now} ends. */
    public ZonedDateTime end(ZonedDateTime now) {
        ZonedDateTime end = now.with(to).withSecond(0).withNano(0);
        return end.isAfter(now) ? end : end.plusDays(1);
    }

    static SettingType<String> type() {
        SettingType<String> text = SettingTypes.string();
        return new SettingType<>() {
            @Override
            public String parse(Object raw) {
                String value = text.parse(raw).strip();
                QuietHours.parse(value);
                return value;
            }

            @Override
            public String allowed() {
                return "local hours such as 23:00-07:00 (empty: none)";
            }
        };
    }
}
