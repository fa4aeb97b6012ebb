package io.cow.web;

import io.cow.core.config.Setting;
import io.cow.core.config.SettingTypes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static io.cow.core.config.SettingTypes.bool;
import static io.cow.core.config.SettingTypes.duration;
import static io.cow.core.config.SettingTypes.integer;

/** The settings of the {@code web} channel: every key starts with {@code web.}. */
public final class WebSettings {

    private WebSettings() {
    }

    /** The UOS browser's User-Agent, which desktop-mode clients send. */
    public static final String UOS_USER_AGENT = "Mozilla/5.0 (Linux; U; UOS x86_64; zh-cn) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/90.0.4430.93 Safari/537.36 UOSBrowser/6.0.1.1001";

    public static final Setting<String> ENDPOINT = Setting.of("web.endpoint", SettingTypes.httpUrl(), null,
            "one base URL for every web WeChat host (login, main, push, file), e.g. a simulator's "
                    + "http://127.0.0.1:9000; unset: the real hosts");

    public static final Setting<Boolean> UOS = Setting.of("web.uos", bool(), true,
            "log in as the UOS desktop client (mod=desktop and the client-version/extspam headers), "
                    + "which accounts barred from web login (error 1203) usually still may");

    public static final Setting<String> EXTSPAM = Setting.of("web.extspam", SettingTypes.nonEmptyString(), defaultExtspam(),
            "the extspam header of UOS desktop mode (a constant blob public clients share)").asSecret();

    public static final Setting<String> CLIENT_VERSION = Setting.of("web.clientVersion", SettingTypes.nonEmptyString(), "2.0.0",
            "the client-version header of UOS desktop mode");

    public static final Setting<String> USER_AGENT = Setting.of("web.userAgent", SettingTypes.nonEmptyString(), UOS_USER_AGENT,
            "the User-Agent sent to WeChat");

    public static final Setting<Duration> TIMEOUT = Setting.of("web.timeout",
            duration(Duration.ofMillis(100), Duration.ofMinutes(5)), Duration.ofSeconds(30),
            "how long an ordinary request to WeChat may take");

    public static final Setting<Duration> LONG_POLL_TIMEOUT = Setting.of("web.longPollTimeout",
            duration(Duration.ofMillis(100), Duration.ofMinutes(5)), Duration.ofSeconds(35),
            "how long a long poll (synccheck, waiting for the QR scan) may take; WeChat answers within about 25 s");

    public static final Setting<Duration> WATCHDOG = Setting.of("web.watchdog",
            duration(Duration.ofMillis(100), Duration.ofMinutes(30)), Duration.ofSeconds(60),
            "restart the poll when a request to WeChat has hung this long");

    public static final Setting<Duration> RETRY_DELAY = Setting.of("web.retryDelay",
            duration(Duration.ofMillis(1), Duration.ofMinutes(5)), Duration.ofSeconds(2),
            "first wait after a failed poll; doubled at each failure in a row");

    public static final Setting<Duration> RETRY_MAX_DELAY = Setting.of("web.retryMaxDelay",
            duration(Duration.ofMillis(1), Duration.ofMinutes(30)), Duration.ofMinutes(1),
            "longest wait between retries of the poll");

    public static final Setting<Duration> SEND_INTERVAL = Setting.of("web.sendInterval",
            duration(Duration.ZERO, Duration.ofMinutes(1)), Duration.ofMillis(500),
            "pause between two messages the bot sends (WeChat limits how fast an account may send)");

    public static final Setting<Duration> SEND_RETRY_DELAY = Setting.of("web.sendRetryDelay",
            duration(Duration.ofMillis(1), Duration.ofMinutes(5)), Duration.ofSeconds(3),
            "first wait after WeChat answered 1205 (too frequent) to a send; doubled at each retry");

    public static final Setting<Integer> SEND_RETRIES = Setting.of("web.sendRetries", integer(0, 20), 5,
            "how often a send refused with 1205 (too frequent) is retried before it is given up");

    public static final Setting<Duration> RELOGIN_INTERVAL = Setting.of("web.reloginInterval",
            duration(Duration.ZERO, Duration.ofHours(24)), Duration.ofMinutes(1),
            "shortest time between two new QR codes (frequent re-logins get accounts restricted)");

    public static final Setting<Boolean> HOT_LOGIN = Setting.of("web.hotLogin", bool(), true,
            "save the session in the data folder and resume it at the next start without a QR code");

    public static final Setting<Boolean> PUSH_LOGIN = Setting.of("web.pushLogin", bool(), true,
            "when the saved session is dead, ask the phone to confirm the login before showing a QR code");

    public static final Setting<Duration> PUSH_LOGIN_TIMEOUT = Setting.of("web.pushLoginTimeout",
            duration(Duration.ofMillis(100), Duration.ofMinutes(10)), Duration.ofSeconds(60),
            "how long to wait for the login to be confirmed on the phone before showing a QR code");

    public static final Setting<Duration> KEEPALIVE_INTERVAL = Setting.of("web.keepaliveInterval",
            duration(Duration.ZERO, Duration.ofHours(24)), Duration.ZERO,
            "send a status notification this often to keep the session alive; 0: never");

    public static final Setting<Boolean> MENTION_ASKER = Setting.of("web.mentionAsker", bool(), false,
            "start the first message of a group answer with @<asker> (the original bot does not)");

    /** Every setting above, in the order check-config prints them. */
    public static List<Setting<?>> all() {
        return List.of(ENDPOINT, UOS, EXTSPAM, CLIENT_VERSION, USER_AGENT, TIMEOUT, LONG_POLL_TIMEOUT, WATCHDOG,
                RETRY_DELAY, RETRY_MAX_DELAY, SEND_INTERVAL, SEND_RETRY_DELAY, SEND_RETRIES, RELOGIN_INTERVAL,
                HOT_LOGIN, PUSH_LOGIN, PUSH_LOGIN_TIMEOUT, KEEPALIVE_INTERVAL, MENTION_ASKER);
    }

    private static String defaultExtspam() {
        try (InputStream in = WebSettings.class.getResourceAsStream("extspam.txt")) {
            if (in == null) {
                throw new IllegalStateException("the resource io/cow/web/extspam.txt is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read io/cow/web/extspam.txt", e);
        }
    }
}
