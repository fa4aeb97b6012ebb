package io.cow.core.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Resolves settings with the precedence defaults &lt; config file &lt; environment &lt; command line, checks
 * every value, and collects all problems before failing, so that one run shows every mistake.
 */
public final class SettingsResolver {

    /**
     * The outcome: the settings, and keys in the file that nothing reads (kept as warnings, so that a
     * config file written for the original bot, or a newer version, still works).
     */
    public record Result(Settings settings, List<String> warnings) {
    }

    private final List<Setting<?>> known;

    public SettingsResolver(List<Setting<?>> known) {
        Map<String, Setting<?>> unique = new LinkedHashMap<>();
        for (Setting<?> s : known) {
            unique.putIfAbsent(s.key(), s);
        }
        this.known = List.copyOf(unique.values());
    }

    /**
     * @param file      the parsed config file (maps, lists and scalars), empty when there is none
     * @param fileName  how to name the file in messages
     * @param env       the environment
     * @param overrides values from the command line, by key
     * @throws ConfigException naming every key that is wrong
     */
    public Result resolve(Map<String, Object> file, String fileName, Map<String, String> env, Map<String, Object> overrides) {
        Map<String, Settings.Value<?>> values = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Setting<?> setting : known) {
            values.put(setting.key(), resolveOne(setting, file, fileName, env, overrides, problems));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        List<String> warnings = new ArrayList<>();
        for (String key : unknownKeys(file)) {
            warnings.add(nearestKnown(key)
                    .map(near -> "config key '" + key + "' in " + fileName + " is not a key; did you mean '" + near + "'? (ignored)")
                    .orElse("config key '" + key + "' in " + fileName + " is not used by this version (ignored)"));
        }
        return new Result(new Settings(values), warnings);
    }

    /**
     * These settings with more values on top, each read and checked as a value from the config file: a channel
     * instance's own keys over the shared ones. The values win over every other source.
     *
     * @param raw    raw values (YAML scalars, lists, maps) by setting; each setting must be declared in {@code base}
     * @param origin where the values came from, for messages, e.g. {@code channels[groups] in config.yaml}
     * @throws ConfigException naming every wrong key
     */
    public static Settings overlay(Settings base, Map<Setting<?>, Object> raw, String origin) {
        Map<String, Settings.Value<?>> values = new LinkedHashMap<>();
        for (Settings.Value<?> value : base.all()) {
            values.put(value.setting().key(), value);
        }
        List<String> problems = new ArrayList<>();
        for (Map.Entry<Setting<?>, Object> e : raw.entrySet()) {
            Settings.Value<?> previous = values.get(e.getKey().key());
            if (previous == null) {
                throw new IllegalArgumentException("setting " + e.getKey().key() + " was not declared");
            }
            values.put(e.getKey().key(), overlayOne(previous, e.getValue(), origin, problems));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new Settings(values);
    }

    private static <T> Settings.Value<T> overlayOne(Settings.Value<T> previous, Object raw, String origin, List<String> problems) {
        return parse(previous.setting(), raw, Settings.Source.FILE, origin, problems, previous);
    }

    private <T> Settings.Value<T> resolveOne(Setting<T> setting, Map<String, Object> file, String fileName,
                                             Map<String, String> env, Map<String, Object> overrides, List<String> problems) {
        Settings.Value<T> value = new Settings.Value<>(setting, setting.defaultValue(), Settings.Source.DEFAULT, "");
        Object fromFile = lookup(file, setting.key());
        if (fromFile != null) {
            value = parse(setting, fromFile, Settings.Source.FILE, fileName, problems, value);
        }
        for (String name : setting.envNames()) {
            String fromEnv = env.get(name);
            // An empty variable counts as unset: compose files pass "${X}" for variables nobody set.
            if (fromEnv != null && !fromEnv.isEmpty()) {
                value = parse(setting, fromEnv, Settings.Source.ENV, "environment variable " + name, problems, value);
                break;
            }
        }
        Object override = overrides.get(setting.key());
        if (override != null) {
            value = parse(setting, override, Settings.Source.COMMAND_LINE, "command line", problems, value);
        }
        return value;
    }

    private static <T> Settings.Value<T> parse(Setting<T> setting, Object raw, Settings.Source source, String origin,
                                               List<String> problems, Settings.Value<T> previous) {
        try {
            T value = setting.type().parse(raw);
            if (setting.secret() && value instanceof String text && hasControlCharacter(text)) {
                // A key pasted with its line break (or a stray escape) is refused by the service with an unclear error,
                // or worse splits the header it is sent in.
                problems.add("config key '" + setting.key() + "' (from " + origin + "): the value holds a line break or another "
                        + "control character (pasted with the line end?); write it on one line, without spaces around it");
                return previous;
            }
            return new Settings.Value<>(setting, value, source, origin);
        } catch (InvalidValue e) {
            problems.add("config key '" + setting.key() + "' (from " + origin + "): " + e.getMessage());
            return previous;
        } catch (RuntimeException e) {
            String shown = setting.secret() ? "the value" : "'" + raw + "'";
            problems.add("config key '" + setting.key() + "' (from " + origin + "): " + shown
                    + " is not allowed; use " + setting.type().allowed());
            return previous;
        }
    }

    private static boolean hasControlCharacter(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }

    /** Finds a key written flat ({@code model.name: x}) or nested ({@code model: {name: x}}). */
    static Object lookup(Map<String, Object> tree, String key) {
        if (tree.containsKey(key)) {
            return tree.get(key);
        }
        int dot = key.indexOf('.');
        while (dot > 0) {
            Object head = tree.get(key.substring(0, dot));
            if (head instanceof Map<?, ?> child) {
                @SuppressWarnings("unchecked")
                Object found = lookup((Map<String, Object>) child, key.substring(dot + 1));
                if (found != null) {
                    return found;
                }
            }
            dot = key.indexOf('.', dot + 1);
        }
        return null;
    }

    private Set<String> unknownKeys(Map<String, Object> file) {
        Set<String> unknown = new TreeSet<>();
        collectUnknown(file, "", unknown);
        return unknown;
    }

    private void collectUnknown(Map<String, Object> tree, String prefix, Set<String> unknown) {
        for (Map.Entry<String, Object> e : tree.entrySet()) {
            String path = prefix + e.getKey();
            if (isKnown(path)) {
                continue;
            }
            if (e.getValue() instanceof Map<?, ?> child && isPrefixOfKnown(path)) {
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) child;
                collectUnknown(map, path + ".", unknown);
            } else {
                unknown.add(path);
            }
        }
    }

    /** The known key a misspelt one most likely meant: the closest by edits, when close enough to be a typo. */
    Optional<String> nearestKnown(String unknown) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Setting<?> setting : known) {
            int distance = editDistance(unknown.toLowerCase(Locale.ROOT), setting.key().toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = setting.key();
                bestDistance = distance;
            }
        }
        int allowed = Math.max(2, unknown.length() / 4);
        return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /**
     * Levenshtein distance, by hand: one short function, not worth a library in the jar. Keys are short, so the
     * two-row table costs nothing.
     */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private boolean isKnown(String path) {
        return known.stream().anyMatch(s -> s.key().equals(path));
    }

    private boolean isPrefixOfKnown(String path) {
        return known.stream().anyMatch(s -> s.key().startsWith(path + "."));
    }
}
