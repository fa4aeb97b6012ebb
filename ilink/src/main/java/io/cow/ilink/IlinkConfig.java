package io.cow.ilink;

import io.cow.core.config.Settings;
import io.cow.core.net.Proxies;

import java.time.Duration;

/**
 * The channel's configuration, read once from the settings (see {@link IlinkSettings} for each field).
 *
 * @param proxies the proxies the HTTP client takes (API and CDN)
 */
public record IlinkConfig(
        String baseUrl,
        String cdnBaseUrl,
        String routeTag,
        String clientVersion,
        int chunkSize,
        Duration pollTimeout,
        Duration requestTimeout,
        Duration pollRetryDelay,
        Duration pollBackoff,
        Duration sendInterval,
        int sendRetries,
        Duration sendRetryDelay,
        boolean typing,
        Duration typingInterval,
        Duration qrPollTimeout,
        Duration qrPollInterval,
        Duration loginTimeout,
        int qrCodesPerLogin,
        Duration reloginInterval,
        Proxies proxies) {

    public static IlinkConfig from(Settings s) {
        return new IlinkConfig(
                s.get(IlinkSettings.BASE_URL),
                s.get(IlinkSettings.CDN_BASE_URL),
                s.get(IlinkSettings.ROUTE_TAG),
                s.get(IlinkSettings.CLIENT_VERSION),
                s.get(IlinkSettings.CHUNK_SIZE),
                s.get(IlinkSettings.POLL_TIMEOUT),
                s.get(IlinkSettings.REQUEST_TIMEOUT),
                s.get(IlinkSettings.POLL_RETRY_DELAY),
                s.get(IlinkSettings.POLL_BACKOFF),
                s.get(IlinkSettings.SEND_INTERVAL),
                s.get(IlinkSettings.SEND_RETRIES),
                s.get(IlinkSettings.SEND_RETRY_DELAY),
                s.get(IlinkSettings.TYPING),
                s.get(IlinkSettings.TYPING_INTERVAL),
                s.get(IlinkSettings.QR_POLL_TIMEOUT),
                s.get(IlinkSettings.QR_POLL_INTERVAL),
                s.get(IlinkSettings.LOGIN_TIMEOUT),
                s.get(IlinkSettings.QR_CODES_PER_LOGIN),
                s.get(IlinkSettings.RELOGIN_INTERVAL),
                Proxies.from(s));
    }

    /** The scheme of the configured base URL, used for the host a QR login is redirected to. */
    public String scheme() {
        return baseUrl.substring(0, baseUrl.indexOf(':'));
    }
}
