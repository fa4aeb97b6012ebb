package io.cow.core.config;

/**
 * How a setting's raw value (a YAML scalar, list or map, or an environment string) becomes a typed value.
 *
 * @param <T> the typed value
 */
public interface SettingType<T> {

    /**
     * Converts a raw value.
     *
     * @throws IllegalArgumentException when the value is not allowed; the message is not needed, the
     *                                  caller reports {@link #allowed()}
     */
    T parse(Object raw);

    /** What is allowed, in words a user understands: "a number from 0 to 2", "one of: web, ilink". */
    String allowed();

    /** The value as a user would write it in config.yaml. */
    default String format(T value) {
        return value == null ? "" : String.valueOf(value);
    }
}
