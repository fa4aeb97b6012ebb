package io.cow.app.config;

import io.cow.core.channel.ChannelProvider;
import io.cow.core.config.Setting;
import io.cow.core.config.SettingType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Settings of the application itself (as opposed to the pipeline's or a channel's). */
public final class AppSettings {

    private AppSettings() {
    }

    public static final String DEFAULT_CHANNEL = "web";

    /** {@code channels}: several channel instances at once, each a map with at least {@code name} and {@code type}. */
    public static final Setting<List<Map<String, Object>>> CHANNELS = Setting.of("channels", instanceList(), List.of(),
            "several channels at once: a list of instances {name, type, ...that type's keys without their prefix...}; "
                    + "unset: the one channel of 'channel'");

    private static SettingType<List<Map<String, Object>>> instanceList() {
        return new SettingType<>() {
            @Override
            @SuppressWarnings("unchecked")
            public List<Map<String, Object>> parse(Object raw) {
                if (!(raw instanceof List<?> list)) {
                    throw new IllegalArgumentException();
                }
                List<Map<String, Object>> entries = new ArrayList<>();
                for (Object entry : list) {
                    if (!(entry instanceof Map<?, ?> map)) {
                        throw new IllegalArgumentException();
                    }
                    entries.add(new LinkedHashMap<>((Map<String, Object>) map));
                }
                return List.copyOf(entries);
            }

            @Override
            public String allowed() {
                return "a list of channel instances, each like {name: groups, type: web, ...}";
            }

            @Override
            public String format(List<Map<String, Object>> value) {
                if (value == null || value.isEmpty()) {
                    return "(none; the one channel of 'channel')";
                }
                return value.stream().map(e -> e.get("name") + " (" + e.get("type") + ")").collect(Collectors.joining(", "));
            }
        };
    }

    /** The {@code channel} setting, allowing the channels this build has. */
    public static Setting<String> channel(List<ChannelProvider<?>> providers) {
        List<String> names = providers.stream().map(ChannelProvider::type).toList();
        SettingType<String> type = new SettingType<>() {
            @Override
            public String parse(Object raw) {
                String value = String.valueOf(raw).trim();
                return names.stream().filter(n -> n.equalsIgnoreCase(value)).findFirst()
                        .orElseThrow(IllegalArgumentException::new);
            }

            @Override
            public String allowed() {
                return "one of the channels of this build: " + String.join(", ", names);
            }
        };
        return Setting.of("channel", type, DEFAULT_CHANNEL, "the WeChat transport: " + String.join(", ", names));
    }
}
