package io.cow.web;

import io.cow.core.config.Settings;
import io.cow.core.net.Proxies;

import java.time.Duration;
import java.util.Optional;

/**
 * The web channel's behaviour, read once from the settings (see {@link WebSettings} for what each means).
 *
 * @param endpoint one base URL for every host, or empty for the real hosts
 * @param proxies  the proxies the HTTP client takes
 */
public record WebOptions(Optional<String> endpoint, boolean uos, String extspam, String clientVersion, String userAgent,
                         Duration timeout, Duration longPollTimeout, Duration watchdog,
                         Duration retryDelay, Duration retryMaxDelay,
                         Duration sendInterval, Duration sendRetryDelay, int sendRetries,
                         Duration reloginInterval, boolean hotLogin, boolean pushLogin, Duration pushLoginTimeout,
                         Duration keepaliveInterval, boolean mentionAsker, Proxies proxies) {

    public static WebOptions from(Settings settings) {
        return new WebOptions(
                Optional.ofNullable(settings.get(WebSettings.ENDPOINT)).filter(s -> !s.isBlank()),
                settings.get(WebSettings.UOS),
                settings.get(WebSettings.EXTSPAM),
                settings.get(WebSettings.CLIENT_VERSION),
                settings.get(WebSettings.USER_AGENT),
                settings.get(WebSettings.TIMEOUT),
                settings.get(WebSettings.LONG_POLL_TIMEOUT),
                settings.get(WebSettings.WATCHDOG),
                settings.get(WebSettings.RETRY_DELAY),
                settings.get(WebSettings.RETRY_MAX_DELAY),
                settings.get(WebSettings.SEND_INTERVAL),
                settings.get(WebSettings.SEND_RETRY_DELAY),
                settings.get(WebSettings.SEND_RETRIES),
                settings.get(WebSettings.RELOGIN_INTERVAL),
                settings.get(WebSettings.HOT_LOGIN),
                settings.get(WebSettings.PUSH_LOGIN),
                settings.get(WebSettings.PUSH_LOGIN_TIMEOUT),
                settings.get(WebSettings.KEEPALIVE_INTERVAL),
                settings.get(WebSettings.MENTION_ASKER),
                Proxies.from(settings));
    }

    /** The defaults, for tests and tools. */
    public static WebOptions defaults() {
        return from(Settings.defaults(WebSettings.all()));
    }
}
