package io.cow.app.config;

import io.cow.core.channel.ChannelProvider;
import io.cow.core.config.Setting;
import io.cow.core.config.SettingType;

import java.util.List;

/** Settings of the application itself (as opposed to the pipeline's or a channel's). */
public final class AppSettings {

    private AppSettings() {
    }

    public static final String DEFAULT_CHANNEL = "web";

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
