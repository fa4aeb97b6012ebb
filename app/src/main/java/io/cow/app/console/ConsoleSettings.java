package io.cow.app.console;

import io.cow.core.config.Setting;
import io.cow.core.config.SettingType;
import io.cow.core.config.SettingTypes;

import java.util.List;

import static io.cow.core.config.SettingTypes.bool;
import static io.cow.core.config.SettingTypes.integer;

/** The web console's settings. */
public final class ConsoleSettings {

    private ConsoleSettings() {
    }

    public static final Setting<Boolean> ENABLED = Setting.of("console.enabled", bool(), true,
            "serve the web console (QR login, chats, usage, logs) and /metrics while the bot runs");

    public static final Setting<String> HOST = Setting.of("console.host", SettingTypes.nonEmptyString(), "127.0.0.1",
            "address the console listens on; any other than 127.0.0.1/localhost requires a password (or the one-time setup token from the log)");

    public static final Setting<Integer> PORT = Setting.of("console.port", integer(0, 65_535), 9899,
            "port of the console (0: any free port, printed in the log)");

    public static final Setting<String> PASSWORD = Setting.of("console.password", SettingTypes.string(), "",
            "console password: a hash from `cow console-password`, or plain text (hashed at start, never shown)").asSecret();

    public static final Setting<String> PUBLIC_URL = Setting.of("console.publicUrl", optionalHttpUrl(), "",
            "the address people open the console at (e.g. behind a reverse proxy); alerts link to its QR page");

    public static final Setting<String> METRICS_TOKEN = Setting.of("console.metricsToken", SettingTypes.string(), "",
            "bearer token that lets a Prometheus scraper read /metrics without logging in").asSecret();

    public static List<Setting<?>> all() {
        return List.of(ENABLED, HOST, PORT, PASSWORD, PUBLIC_URL, METRICS_TOKEN);
    }

    /** An http(s) URL, or empty for none. */
    private static SettingType<String> optionalHttpUrl() {
        SettingType<String> url = SettingTypes.httpUrl();
        return new SettingType<>() {
            @Override
            public String parse(Object raw) {
                return String.valueOf(raw).isBlank() ? "" : url.parse(raw);
            }

            @Override
            public String allowed() {
                return url.allowed() + ", or empty";
            }
        };
    }
}
