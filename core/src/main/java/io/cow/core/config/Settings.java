package io.cow.core.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The validated configuration: every known setting with its value and where the value came from. */
public final class Settings {

    /** Where a value came from, in increasing precedence. */
    public enum Source { DEFAULT, FILE, ENV, COMMAND_LINE }

    /**
     * One resolved setting.
     *
     * @param origin the file path or environment variable that set it; empty for defaults
     */
    public record Value<T>(Setting<T> setting, T value, Source source, String origin) {

        /** The value as it may be shown to a person: secrets are replaced by a marker. */
        public String display() {
            if (value == null) {
                return "(unset)";
            }
            if (setting.secret()) {
                String text = setting.type().format(value);
                return text.isEmpty() ? "(empty)" : "******** (set, redacted)";
            }
            return setting.type().format(value);
        }
    }

    private final Map<String, Value<?>> values;

    Settings(Map<String, Value<?>> values) {
        this.values = Map.copyOf(values);
    }

    /** Settings that hold only the defaults of the given keys: for tests and tools. */
    public static Settings defaults(Collection<Setting<?>> settings) {
        Map<String, Value<?>> map = new LinkedHashMap<>();
        for (Setting<?> s : settings) {
            map.put(s.key(), defaultValue(s));
        }
        return new Settings(map);
    }

    private static <T> Value<T> defaultValue(Setting<T> s) {
        return new Value<>(s, s.defaultValue(), Source.DEFAULT, "");
    }

    /** The value of a setting; fails if the setting was not declared to the resolver. */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        Value<?> value = values.get(setting.key());
        if (value == null) {
            throw new IllegalStateException("setting " + setting.key() + " was not declared");
        }
        return (T) value.value();
    }

    /** Whether a setting was declared, whatever its value. */
    public boolean has(Setting<?> setting) {
        return values.containsKey(setting.key());
    }

    public Value<?> value(Setting<?> setting) {
        return values.get(setting.key());
    }

    /** Every setting, sorted by key. */
    public List<Value<?>> all() {
        List<Value<?>> all = new ArrayList<>(values.values());
        all.sort((a, b) -> a.setting().key().compareTo(b.setting().key()));
        return all;
    }

    /** A copy with one value replaced; for tests and command-line overrides. */
    public <T> Settings with(Setting<T> setting, T value) {
        Map<String, Value<?>> copy = new LinkedHashMap<>(values);
        copy.put(setting.key(), new Value<>(setting, value, Source.COMMAND_LINE, "override"));
        return new Settings(copy);
    }

    /** A copy that also declares these settings, at their defaults where not already declared. */
    public Settings plus(Collection<Setting<?>> more) {
        Map<String, Value<?>> copy = new LinkedHashMap<>(values);
        for (Setting<?> s : more) {
            copy.putIfAbsent(s.key(), defaultValue(s));
        }
        return new Settings(copy);
    }
}
