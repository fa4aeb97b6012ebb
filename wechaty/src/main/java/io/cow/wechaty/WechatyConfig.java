package io.cow.wechaty;

import io.cow.core.config.ConfigException;
import io.cow.core.config.Settings;
import io.cow.core.net.Proxies;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The validated configuration of one connection to a puppet service.
 *
 * @param token            the service's token, sent as {@code authorization: Wechaty <token>}
 * @param endpoint         {@code host:port}, or empty to look the service up by token
 * @param tls              whether to use TLS (the Wechaty default)
 * @param caCert           PEM text or a file path of the CA to trust instead of the defaults; may be empty
 * @param serverName       the name the service's certificate must carry; may be empty
 * @param authority        where to look the endpoint up (host or URL)
 * @param reconnectDelay   first backoff delay
 * @param reconnectMaxDelay longest backoff delay
 * @param dingInterval     how often a quiet connection is dinged
 * @param watchdogTimeout  how long the service may stay silent before the bot reconnects
 * @param callTimeout      deadline of one call
 * @param proxies          the proxies the gRPC connection and the endpoint lookup take
 */
public record WechatyConfig(String token, String endpoint, boolean tls, String caCert, String serverName,
                            String authority, Duration reconnectDelay, Duration reconnectMaxDelay,
                            Duration dingInterval, Duration watchdogTimeout, Duration callTimeout, Proxies proxies) {

    /** Reads and checks the channel's settings; fails naming the key when one is unusable. */
    public static WechatyConfig from(Settings settings) {
        String token = settings.get(WechatySettings.TOKEN).strip();
        if (token.isEmpty()) {
            throw new ConfigException("config key '" + WechatySettings.TOKEN.key() + "': the puppet service token is missing;"
                    + " set it in config.yaml or the environment variable WECHATY_PUPPET_SERVICE_TOKEN (your gateway provider gives it to you)");
        }
        Duration ding = settings.get(WechatySettings.DING_INTERVAL);
        Duration watchdog = settings.get(WechatySettings.WATCHDOG_TIMEOUT);
        if (watchdog.compareTo(ding) <= 0) {
            throw new ConfigException("config key '" + WechatySettings.WATCHDOG_TIMEOUT.key() + "': must be longer than "
                    + WechatySettings.DING_INTERVAL.key() + " (" + ding.toMillis() + " ms), or every quiet minute would look like a dead connection");
        }
        String caCert = settings.get(WechatySettings.TLS_CA_CERT).strip();
        if (!caCert.isEmpty() && !settings.get(WechatySettings.NO_TLS)) {
            // Read at configure time, so check-config finds an unreadable or wrong certificate as run would.
            PuppetChannels.certificates(PuppetChannels.caCertText(caCert), WechatySettings.TLS_CA_CERT.key());
        }
        Duration delay = settings.get(WechatySettings.RECONNECT_DELAY);
        Duration maxDelay = settings.get(WechatySettings.RECONNECT_MAX_DELAY);
        return new WechatyConfig(token, settings.get(WechatySettings.ENDPOINT), !settings.get(WechatySettings.NO_TLS),
                caCert, settings.get(WechatySettings.TLS_SERVER_NAME).strip(),
                settings.get(WechatySettings.AUTHORITY).strip(), delay, maxDelay.compareTo(delay) < 0 ? delay : maxDelay,
                ding, watchdog, settings.get(WechatySettings.CALL_TIMEOUT), Proxies.from(settings));
    }

    /**
     * The TLS server name: the configured one, else the token's prefix before its last {@code _} in lower case
     * (Wechaty tokens look like {@code <sni>_<uuid>}), as Wechaty's own clients do.
     */
    public Optional<String> effectiveServerName() {
        if (!serverName.isEmpty()) {
            return Optional.of(serverName);
        }
        int underscore = token.lastIndexOf('_');
        return underscore > 0 ? Optional.of(token.substring(0, underscore).toLowerCase(Locale.ROOT)) : Optional.empty();
    }
}
