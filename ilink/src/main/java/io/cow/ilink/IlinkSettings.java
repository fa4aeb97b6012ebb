package io.cow.ilink;

import io.cow.core.config.Setting;
import io.cow.core.config.SettingType;
import io.cow.core.config.SettingTypes;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import static io.cow.core.config.SettingTypes.bool;
import static io.cow.core.config.SettingTypes.duration;
import static io.cow.core.config.SettingTypes.httpUrl;
import static io.cow.core.config.SettingTypes.integer;

/** The {@code ilink.*} settings. */
public final class IlinkSettings {

    private IlinkSettings() {
    }

    public static final String DEFAULT_BASE_URL = "https://ilinkai.weixin.qq.com";
    public static final String DEFAULT_CDN_BASE_URL = "https://novac2c.cdn.weixin.qq.com/c2c";

    public static final Setting<String> BASE_URL = Setting.of("ilink.baseUrl", httpUrl(), DEFAULT_BASE_URL,
            "iLink API: QR login starts here; later calls go to the base URL the login returns");

    public static final Setting<String> CDN_BASE_URL = Setting.of("ilink.cdnBaseUrl", httpUrl(), DEFAULT_CDN_BASE_URL,
            "iLink media CDN (upload and download of encrypted images and files)");

    public static final Setting<String> ROUTE_TAG = Setting.of("ilink.routeTag", SettingTypes.string(), "",
            "optional SKRouteTag header, when Tencent gives you one");

    public static final Setting<String> CLIENT_VERSION = Setting.of("ilink.clientVersion", version(), "2.4.9",
            "protocol version announced in iLink-App-ClientVersion and base_info (the official client's version it follows)");

    public static final Setting<Integer> CHUNK_SIZE = Setting.of("ilink.chunkSize", integer(20, 4000), 2000,
            "longest message sent on iLink; at most 10 messages answer one message, a longer answer is cut with a note");

    public static final Setting<Duration> POLL_TIMEOUT = Setting.of("ilink.pollTimeout",
            duration(Duration.ofSeconds(1), Duration.ofMinutes(5)), Duration.ofSeconds(45),
            "client timeout of the getupdates long poll; must exceed the server's hold (about 35 s)");

    public static final Setting<Duration> REQUEST_TIMEOUT = Setting.of("ilink.requestTimeout",
            duration(Duration.ofMillis(100), Duration.ofMinutes(5)), Duration.ofSeconds(15),
            "timeout of every other iLink request (send, typing, upload)");

    public static final Setting<Duration> POLL_RETRY_DELAY = Setting.of("ilink.pollRetryDelay",
            duration(Duration.ZERO, Duration.ofMinutes(10)), Duration.ofSeconds(2),
            "first wait after a failed getupdates or a failed start; doubled at each failure in a row");

    public static final Setting<Duration> POLL_BACKOFF = Setting.of("ilink.pollBackoff",
            duration(Duration.ZERO, Duration.ofHours(1)), Duration.ofSeconds(30),
            "longest wait between failed getupdates (and failed starts)");

    public static final Setting<Duration> SEND_INTERVAL = Setting.of("ilink.sendInterval",
            duration(Duration.ZERO, Duration.ofMinutes(1)), Duration.ofMillis(1500),
            "pause between two messages to the same user (the parts of a long answer)");

    public static final Setting<Integer> SEND_RETRIES = Setting.of("ilink.sendRetries", integer(0, 10), 3,
            "retries of a message the server refused with ret=-2 (rate limit) or a 5xx");

    public static final Setting<Duration> SEND_RETRY_DELAY = Setting.of("ilink.sendRetryDelay",
            duration(Duration.ZERO, Duration.ofMinutes(5)), Duration.ofSeconds(3),
            "first wait before retrying a refused message; doubled at each retry");

    public static final Setting<Boolean> TYPING = Setting.of("ilink.typing", bool(), true,
            "show \"typing…\" in the chat while the model works");

    public static final Setting<Duration> TYPING_INTERVAL = Setting.of("ilink.typingInterval",
            duration(Duration.ofMillis(10), Duration.ofMinutes(1)), Duration.ofSeconds(5),
            "how often \"typing…\" is renewed while the model works");

    public static final Setting<Duration> QR_POLL_TIMEOUT = Setting.of("ilink.qrPollTimeout",
            duration(Duration.ofMillis(100), Duration.ofMinutes(5)), Duration.ofSeconds(35),
            "client timeout of one QR status poll (the server holds it); a timeout counts as 'not scanned yet'");

    public static final Setting<Duration> QR_POLL_INTERVAL = Setting.of("ilink.qrPollInterval",
            duration(Duration.ZERO, Duration.ofMinutes(1)), Duration.ofSeconds(1),
            "pause between two QR status polls");

    public static final Setting<Duration> LOGIN_TIMEOUT = Setting.of("ilink.loginTimeout",
            duration(Duration.ofSeconds(1), Duration.ofHours(24)), Duration.ofSeconds(480),
            "how long one QR login waits for a scan and confirmation, over all its QR codes");

    public static final Setting<Integer> QR_CODES_PER_LOGIN = Setting.of("ilink.qrCodesPerLogin", integer(1, 100), 3,
            "QR codes one login shows (a new one when the last expired) before it gives up");

    public static final Setting<Duration> RELOGIN_INTERVAL = Setting.of("ilink.reloginInterval",
            duration(Duration.ZERO, Duration.ofHours(24)), Duration.ofMinutes(5),
            "least time between the starts of two QR logins (after a -14 'session timeout' or a login nobody confirmed)");

    /** Every setting, in the order check-config and the README list them. */
    public static List<Setting<?>> all() {
        return List.of(BASE_URL, CDN_BASE_URL, ROUTE_TAG, CLIENT_VERSION, CHUNK_SIZE, POLL_TIMEOUT, REQUEST_TIMEOUT,
                POLL_RETRY_DELAY, POLL_BACKOFF, SEND_INTERVAL, SEND_RETRIES, SEND_RETRY_DELAY, TYPING, TYPING_INTERVAL,
                QR_POLL_TIMEOUT, QR_POLL_INTERVAL, LOGIN_TIMEOUT, QR_CODES_PER_LOGIN, RELOGIN_INTERVAL);
    }

    private static final Pattern VERSION = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    /** major.minor.patch with each part at most 255, as the header packs them into one number. */
    private static SettingType<String> version() {
        return new SettingType<>() {
            @Override
            public String parse(Object raw) {
                String text = String.valueOf(raw).trim();
                var m = VERSION.matcher(text);
                if (!m.matches()) {
                    throw new IllegalArgumentException();
                }
                for (int i = 1; i <= 3; i++) {
                    if (Integer.parseInt(m.group(i)) > 255) {
                        throw new IllegalArgumentException();
                    }
                }
                return text;
            }

            @Override
            public String allowed() {
                return "a version major.minor.patch, each part 0 to 255 (e.g. 2.4.9)";
            }
        };
    }
}
