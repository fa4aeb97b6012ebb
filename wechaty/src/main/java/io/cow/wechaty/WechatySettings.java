package io.cow.wechaty;

import io.cow.core.config.Setting;
import io.cow.core.config.SettingType;
import io.cow.core.config.SettingTypes;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import static io.cow.core.config.SettingTypes.bool;
import static io.cow.core.config.SettingTypes.duration;
import static io.cow.core.config.SettingTypes.string;

/**
 * The settings of the {@code wechaty} channel. Each also reads the environment variable that Wechaty's own
 * clients read, so a gateway's setup instructions work unchanged.
 */
public final class WechatySettings {

    private WechatySettings() {
    }

    public static final Setting<String> TOKEN = Setting.of("wechaty.token", string(), "",
            "token of the puppet service (required with channel: wechaty)")
            .withEnv("WECHATY_PUPPET_SERVICE_TOKEN").asSecret();

    public static final Setting<String> ENDPOINT = Setting.of("wechaty.endpoint", hostPort(), "",
            "host:port of the puppet service; empty: look it up by token at wechaty.authority")
            .withEnv("WECHATY_PUPPET_SERVICE_ENDPOINT");

    public static final Setting<Boolean> NO_TLS = Setting.of("wechaty.noTls", bool(), false,
            "talk plaintext gRPC instead of TLS (self-hosted services started with WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_SERVER)")
            .withEnv("WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT");

    public static final Setting<String> TLS_CA_CERT = Setting.of("wechaty.tlsCaCert", string(), "",
            "CA certificate (PEM text or file path) the service's certificate must chain to; empty: Wechaty's community CA and the system's CAs")
            .withEnv("WECHATY_PUPPET_SERVICE_TLS_CA_CERT");

    public static final Setting<String> TLS_SERVER_NAME = Setting.of("wechaty.tlsServerName", string(), "",
            "name the service's certificate must carry; empty: the token's prefix before its last '_' (e.g. 'insecure' for insecure_...)")
            .withEnv("WECHATY_PUPPET_SERVICE_TLS_SERVER_NAME");

    public static final Setting<String> AUTHORITY = Setting.of("wechaty.authority", SettingTypes.nonEmptyString(), "api.chatie.io",
            "where a service's endpoint is looked up by token when wechaty.endpoint is empty (host, or an http(s):// URL)")
            .withEnv("WECHATY_PUPPET_SERVICE_AUTHORITY");

    public static final Setting<Duration> RECONNECT_DELAY = Setting.of("wechaty.reconnectDelay",
            duration(Duration.ofMillis(50), Duration.ofMinutes(10)), Duration.ofSeconds(1),
            "first wait before connecting again after the service went away; doubled at each failure");

    public static final Setting<Duration> RECONNECT_MAX_DELAY = Setting.of("wechaty.reconnectMaxDelay",
            duration(Duration.ofMillis(50), Duration.ofHours(1)), Duration.ofSeconds(60),
            "longest wait between two connection attempts");

    public static final Setting<Duration> DING_INTERVAL = Setting.of("wechaty.dingInterval",
            duration(Duration.ofMillis(50), Duration.ofMinutes(10)), Duration.ofSeconds(15),
            "how often the bot dings a quiet service to prove the connection is alive");

    public static final Setting<Duration> WATCHDOG_TIMEOUT = Setting.of("wechaty.watchdogTimeout",
            duration(Duration.ofMillis(100), Duration.ofHours(1)), Duration.ofSeconds(60),
            "reconnect when the service sent nothing (no event, no dong) for this long");

    public static final Setting<Duration> CALL_TIMEOUT = Setting.of("wechaty.callTimeout",
            duration(Duration.ofMillis(100), Duration.ofMinutes(10)), Duration.ofSeconds(30),
            "longest wait for one call to the service (Start, a payload, sending a text)");

    public static List<Setting<?>> all() {
        return List.of(TOKEN, ENDPOINT, NO_TLS, TLS_CA_CERT, TLS_SERVER_NAME, AUTHORITY, RECONNECT_DELAY,
                RECONNECT_MAX_DELAY, DING_INTERVAL, WATCHDOG_TIMEOUT, CALL_TIMEOUT);
    }

    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9a-fA-F:.]+]|[^\\s:/\\[\\]]+):(\\d{1,5})");

    /** {@code host:port}, or empty. */
    static SettingType<String> hostPort() {
        return new SettingType<>() {
            @Override
            public String parse(Object raw) {
                String text = String.valueOf(raw).trim();
                if (text.isEmpty()) {
                    return text;
                }
                var m = HOST_PORT.matcher(text);
                if (!m.matches() || Integer.parseInt(m.group(2)) < 1 || Integer.parseInt(m.group(2)) > 65535) {
                    throw new IllegalArgumentException();
                }
                return text;
            }

            @Override
            public String allowed() {
                return "host:port, e.g. 127.0.0.1:8788 (or empty to look the service up by token)";
            }
        };
    }
}
