package io.cow.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One configuration key: its name in config.yaml (dotted for nesting), type, default, environment
 * variables, whether it is a secret, and a line of documentation.
 *
 * @param key          the key, e.g. {@code model.baseUrl}; in YAML either nested or written flat
 * @param type         how to read and check it
 * @param defaultValue the value when nothing sets it; may be null for "unset"
 * @param env          environment variables that set it, first non-empty wins; the automatic
 *                     {@code COW_...} name comes last
 * @param secret       never printed or logged
 * @param description  one line for check-config and the README
 * @param <T>          the value's type
 */
public record Setting<T>(String key, SettingType<T> type, T defaultValue, List<String> env, boolean secret, String description) {

    public Setting {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        env = env == null ? List.of() : List.copyOf(env);
        description = description == null ? "" : description;
    }

    public static <T> Setting<T> of(String key, SettingType<T> type, T defaultValue, String description) {
        return new Setting<>(key, type, defaultValue, List.of(), false, description);
    }

    /** The same setting, also read from these environment variables (before the automatic one). */
    public Setting<T> withEnv(String... names) {
        List<String> all = new ArrayList<>(env);
        all.addAll(List.of(names));
        return new Setting<>(key, type, defaultValue, all, secret, description);
    }

    /** The same setting, marked secret: redacted wherever it is shown. */
    public Setting<T> asSecret() {
        return new Setting<>(key, type, defaultValue, env, true, description);
    }

    /** Every environment variable that sets this key, in order of precedence. */
    public List<String> envNames() {
        List<String> all = new ArrayList<>(env);
        String automatic = automaticEnvName(key);
        if (!all.contains(automatic)) {
            all.add(automatic);
        }
        return all;
    }

    /** {@code model.baseUrl} becomes {@code COW_MODEL_BASE_URL}. */
    public static String automaticEnvName(String key) {
        StringBuilder out = new StringBuilder("COW_");
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '.' || c == '-') {
                out.append('_');
            } else if (Character.isUpperCase(c) && i > 0 && Character.isLowerCase(key.charAt(i - 1))) {
                out.append('_').append(c);
            } else {
                out.append(Character.toUpperCase(c));
            }
        }
        return out.toString().toUpperCase(Locale.ROOT);
    }
}
