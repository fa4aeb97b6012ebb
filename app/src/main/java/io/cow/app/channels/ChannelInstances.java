package io.cow.app.channels;

import io.cow.app.config.AppSettings;
import io.cow.core.channel.ChannelProvider;
import io.cow.core.channel.ConfiguredChannel;
import io.cow.core.config.ConfigException;
import io.cow.core.config.CoreSettings;
import io.cow.core.config.Setting;
import io.cow.core.config.Settings;
import io.cow.core.config.SettingsResolver;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads which channel instances to run: the entries of {@code channels:}, each {@code {name, type, …that type's keys
 * without their prefix…}} with optionally its own trigger keyword, system prompt, access lists and Markdown setting, or else the one
 * channel of {@code channel:}, named after its type (so that a data folder from a single-channel bot keeps its login,
 * memory and usage). Every instance's settings are checked by its type's provider.
 */
public final class ChannelInstances {

    /** Keys of an entry that set a shared setting for that instance only. */
    static final Map<String, Setting<?>> OWN_KEYS = ownKeys();
    private static final String TERMINAL = "terminal";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,31}");

    private ChannelInstances() {
    }

    private static Map<String, Setting<?>> ownKeys() {
        Map<String, Setting<?>> keys = new LinkedHashMap<>();
        keys.put("keyword", CoreSettings.TRIGGER_KEYWORD);
        keys.put("systemPrompt", CoreSettings.SYSTEM_PROMPT);
        keys.put("access.allow", CoreSettings.ACCESS_ALLOW);
        keys.put("access.deny", CoreSettings.ACCESS_DENY);
        keys.put("reply.markdown", CoreSettings.REPLY_MARKDOWN);
        return keys;
    }

    /**
     * @param settings  the resolved shared settings
     * @param channel   the {@code channel} setting
     * @param providers the channel types of this build
     * @param fileName  how to name the config file in messages
     * @throws ConfigException naming every wrong key of every instance
     */
    public static List<InstanceConfig> configure(Settings settings, Setting<String> channel, List<ChannelProvider<?>> providers,
                                                 String fileName) {
        List<Map<String, Object>> entries = settings.get(AppSettings.CHANNELS);
        if (entries.isEmpty()) {
            String type = settings.get(channel);
            return List.of(instance(type, provider(providers, type).orElseThrow(() -> new ConfigException(
                    "config key 'channel': '" + type + "' is not a channel of this build")), settings));
        }
        List<String> problems = new ArrayList<>();
        if (settings.value(channel).source() != Settings.Source.DEFAULT) {
            problems.add("config keys 'channel' and 'channels' are both set: use 'channels' alone (a list of instances)"
                    + " or 'channel' alone (one channel)");
        }
        List<InstanceConfig> instances = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            try {
                InstanceConfig instance = entry(i, entries.get(i), settings, providers, fileName);
                if (!names.add(instance.name())) {
                    problems.add("config key 'channels': two instances are named '" + instance.name() + "'; each needs its own name");
                }
                instances.add(instance);
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
        }
        if (instances.stream().filter(i -> i.type().equals(TERMINAL)).count() > 1) {
            problems.add("config key 'channels': more than one terminal instance; there is one terminal to read from");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return List.copyOf(instances);
    }

    private static InstanceConfig entry(int index, Map<String, Object> entry, Settings shared, List<ChannelProvider<?>> providers,
                                        String fileName) {
        Map<String, Object> keys = new LinkedHashMap<>();
        flatten(entry, "", keys);
        String at = "config key 'channels', entry " + (index + 1);
        Object rawName = keys.remove("name");
        Object rawType = keys.remove("type");
        List<String> problems = new ArrayList<>();
        String name = rawName == null ? "" : String.valueOf(rawName).strip();
        if (!NAME.matcher(name).matches()) {
            problems.add(at + ": " + (name.isEmpty() ? "'name' is missing" : "the name '" + name + "' is not allowed")
                    + "; use 1 to 32 letters, digits, '-' or '_' (it names the QR file qr-<name>.png and the instance in logs)");
        }
        String type = rawType == null ? "" : String.valueOf(rawType).strip();
        ChannelProvider<?> provider = provider(providers, type).orElse(null);
        if (provider == null) {
            problems.add(at + (name.isEmpty() ? "" : " (" + name + ")") + ": " + (type.isEmpty() ? "'type' is missing" : "type '" + type
                    + "' is not a channel of this build") + "; use one of: " + String.join(", ", types(providers)));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        String where = "channels[" + name + "]";
        Map<Setting<?>, Object> own = new LinkedHashMap<>();
        Map<String, Setting<?>> allowed = allowedKeys(provider);
        for (Map.Entry<String, Object> key : keys.entrySet()) {
            Setting<?> setting = allowed.get(key.getKey());
            if (setting == null) {
                problems.add("config key '" + where + "." + key.getKey() + "' in " + fileName + ": not a key of a " + type
                        + " channel instance; use name, type, " + String.join(", ", allowed.keySet()));
            } else if (key.getValue() != null) {
                own.put(setting, key.getValue());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        Settings settings = SettingsResolver.overlay(shared, own, where + " in " + fileName);
        try {
            return instance(name, provider, settings);
        } catch (ConfigException e) {
            throw new ConfigException(e.problems().stream().map(p -> where + ": " + p).toList());
        }
    }

    private static <C> InstanceConfig instance(String name, ChannelProvider<C> provider, Settings settings) {
        ConfiguredChannel<C> configured = provider.configured(settings);
        return new InstanceConfig(name, provider.type(), configured, settings);
    }

    /** An entry's keys: the type's own settings without their prefix, then the shared ones an instance may set. */
    private static Map<String, Setting<?>> allowedKeys(ChannelProvider<?> provider) {
        Map<String, Setting<?>> keys = new LinkedHashMap<>();
        String prefix = provider.type() + ".";
        for (Setting<?> setting : provider.settings()) {
            keys.put(setting.key().startsWith(prefix) ? setting.key().substring(prefix.length()) : setting.key(), setting);
        }
        keys.putAll(OWN_KEYS);
        return keys;
    }

    /** Nested maps ({@code access: {allow: …}}) as dotted keys, as the rest of the configuration may be written. */
    private static void flatten(Map<?, ?> tree, String prefix, Map<String, Object> into) {
        for (Map.Entry<?, ?> e : tree.entrySet()) {
            String key = prefix + e.getKey();
            if (e.getValue() instanceof Map<?, ?> child && !child.isEmpty()) {
                flatten(child, key + ".", into);
            } else {
                into.put(key, e.getValue());
            }
        }
    }

    private static java.util.Optional<ChannelProvider<?>> provider(List<ChannelProvider<?>> providers, String type) {
        return providers.stream().filter(p -> p.type().equalsIgnoreCase(type)).findFirst();
    }

    private static Set<String> types(List<ChannelProvider<?>> providers) {
        Set<String> types = new TreeSet<>();
        providers.forEach(p -> types.add(p.type()));
        return types;
    }
}
