package io.cow.web.login;

import io.cow.core.channel.ChannelEvents;
import io.cow.core.channel.LoginQrCode;
import io.cow.core.channel.kit.Backoff;
import io.cow.core.channel.kit.ChannelFailure;
import io.cow.core.channel.kit.Durations;
import io.cow.core.channel.kit.ReloginThrottle;
import io.cow.core.channel.kit.Sleeper;
import io.cow.web.WebOptions;
import io.cow.web.WebSettings;
import io.cow.web.http.CookieJar;
import io.cow.web.protocol.Hosts;
import io.cow.web.protocol.JsResponses.LoginStatus;
import io.cow.web.protocol.LoginPage;
import io.cow.web.protocol.Ret;
import io.cow.web.protocol.RetException;
import io.cow.web.protocol.Session;
import io.cow.web.protocol.WebApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Logs in: resumes the saved session (hot login), else asks the phone to confirm (push login), else shows a QR
 * code and waits for the scan; then exchanges the ticket for credentials and readies the session
 * ({@link SessionSetup}). Network failures are retried with backoff; only a barred account (1203) ends the
 * attempts, as a refusal.
 */
public final class LoginFlow {

    private static final Logger log = LoggerFactory.getLogger(LoginFlow.class);
    /** A network failure is retried this often (with backoff) before the saved session is given up. */
    private static final int RESUME_ATTEMPTS = 5;
    public static final String QR_HINT = "Scan this QR code with WeChat to log in to web WeChat";

    private final WebApi api;
    private final WebOptions options;
    private final ChannelEvents events;
    private final SessionStore store;
    private final SessionSetup setup;
    private final ReloginThrottle throttle;
    private final Clock clock;

    public LoginFlow(WebApi api, WebOptions options, ChannelEvents events, SessionStore store, Clock clock) {
        this.api = api;
        this.options = options;
        this.events = events;
        this.store = store;
        this.setup = new SessionSetup(api, store);
        this.throttle = new ReloginThrottle(options.reloginInterval(), "web WeChat QR code", WebSettings.RELOGIN_INTERVAL.key(),
                clock, Sleeper.REAL);
        this.clock = clock;
    }

    /** The first login of a run: the saved session, then push login, then a QR code. */
    public LoggedIn atStart() throws InterruptedException, ChannelFailure {
        Optional<SavedSession> saved = store.load();
        if (saved.isPresent()) {
            Optional<LoggedIn> resumed = resume(saved.get());
            if (resumed.isPresent()) {
                return resumed.get();
            }
            if (options.pushLogin()) {
                Optional<LoggedIn> pushed = pushLogin(saved.get());
                if (pushed.isPresent()) {
                    return pushed.get();
                }
            }
        }
        return withQrCode();
    }

    /** A login after the session ended: a new QR code, no sooner than the relogin interval allows. */
    public LoggedIn afterLogout() throws InterruptedException, ChannelFailure {
        return withQrCode();
    }

    // ---- hot login ----

    private Optional<LoggedIn> resume(SavedSession saved) throws InterruptedException {
        api.http().cookies().restore(saved.cookies());
        Session session = saved.toSession();
        Backoff backoff = new Backoff(options.retryDelay(), options.retryMaxDelay());
        for (int attempt = 1; attempt <= RESUME_ATTEMPTS; attempt++) {
            try {
                LoggedIn login = setup.initialise(session, "saved session");
                log.info("🔁 Resumed the saved web WeChat session of {}: no QR code needed", login.self().nickName());
                return Optional.of(login);
            } catch (RetException e) {
                log.info("The saved web WeChat session has ended ({}); logging in again", Ret.describe(e.ret()));
                return Optional.empty();
            } catch (IOException e) {
                if (attempt == RESUME_ATTEMPTS) {
                    log.warn("⚠️ Could not resume the saved web WeChat session: {}", ChannelFailure.describe(e));
                    return Optional.empty();
                }
                Thread.sleep(backoff.next().toMillis());
            }
        }
        return Optional.empty();
    }

    // ---- push login ----

    private Optional<LoggedIn> pushLogin(SavedSession saved) throws InterruptedException, ChannelFailure {
        Hosts hosts = saved.hosts();
        String uuid;
        try {
            Optional<String> answer = api.pushLoginUuid(hosts, saved.uin());
            if (answer.isEmpty()) {
                log.info("Push login refused by web WeChat; a QR code follows");
                return Optional.empty();
            }
            uuid = answer.get();
        } catch (IOException e) {
            log.warn("⚠️ Push login failed ({}); a QR code follows", ChannelFailure.describe(e));
            return Optional.empty();
        }
        log.info("📲 Asked the phone of {} to confirm the login (push login); waiting up to {}",
                saved.selfNickName().isBlank() ? "the last account" : saved.selfNickName(),
                Durations.format(options.pushLoginTimeout()));
        long deadline = clock.millis() + options.pushLoginTimeout().toMillis();
        Backoff backoff = new Backoff(options.retryDelay(), options.retryMaxDelay());
        while (clock.millis() < deadline) {
            LoginStatus status;
            try {
                status = api.pollLogin(hosts, uuid, true);
            } catch (IOException e) {
                log.debug("Push login poll failed: {}", ChannelFailure.describe(e));
                Thread.sleep(Math.min(backoff.next().toMillis(), Math.max(1, deadline - clock.millis())));
                continue;
            }
            switch (status.code()) {
                case LoginStatus.WAITING, LoginStatus.SCANNED -> {
                    // still waiting for the phone
                }
                case LoginStatus.CONFIRMED -> {
                    Optional<LoggedIn> login = complete(URI.create(status.redirectUri().orElseThrow()), "push login");
                    if (login.isPresent()) {
                        log.info("📲 Logged in by push login: confirmed on the phone, no QR code needed");
                    }
                    return login;
                }
                default -> {
                    log.info("Push login was not confirmed (code {}); a QR code follows", status.code());
                    return Optional.empty();
                }
            }
        }
        log.info("Push login was not confirmed within {}; a QR code follows", Durations.format(options.pushLoginTimeout()));
        return Optional.empty();
    }

    // ---- QR code ----

    private LoggedIn withQrCode() throws InterruptedException, ChannelFailure {
        Backoff failures = new Backoff(options.retryDelay(), options.retryMaxDelay());
        while (true) {
            throttle.awaitTurn(events);
            api.http().cookies().clear();
            Hosts hosts = Hosts.beforeLogin(options.endpoint());
            String uuid;
            try {
                uuid = api.jsLogin(hosts);
            } catch (IOException e) {
                Duration delay = failures.next();
                log.warn("⚠️ Could not get a login QR code from web WeChat ({}); retrying in {}",
                        ChannelFailure.describe(e), Durations.format(delay));
                Thread.sleep(delay.toMillis());
                continue;
            }
            throttle.shown();
            events.onLoginQrCode(new LoginQrCode(Hosts.qrCodeContent(uuid), QR_HINT));
            Optional<URI> confirmed = awaitScan(hosts, uuid, failures);
            if (confirmed.isPresent()) {
                Optional<LoggedIn> login = complete(confirmed.get(), "QR code");
                if (login.isPresent()) {
                    return login.get();
                }
            }
        }
    }

    /** Polls until the QR code is confirmed (its redirect), or expires or is cancelled (empty: show a new one). */
    private Optional<URI> awaitScan(Hosts hosts, String uuid, Backoff failures) throws InterruptedException {
        boolean scanned = false;
        while (true) {
            LoginStatus status;
            try {
                status = api.pollLogin(hosts, uuid, false);
            } catch (IOException e) {
                log.debug("Login poll failed: {}", ChannelFailure.describe(e));
                Thread.sleep(failures.next().toMillis());
                continue;
            }
            failures.reset();
            switch (status.code()) {
                case LoginStatus.WAITING -> {
                    // nobody scanned yet: poll again
                }
                case LoginStatus.SCANNED -> {
                    if (!scanned) {
                        scanned = true;
                        log.info("📱 QR code scanned; confirm the login on the phone");
                        events.onLoginScanned();
                    }
                }
                case LoginStatus.CONFIRMED -> {
                    return Optional.of(URI.create(status.redirectUri().orElseThrow()));
                }
                case LoginStatus.EXPIRED -> {
                    log.info("⌛ The QR code expired; a new one follows");
                    return Optional.empty();
                }
                case LoginStatus.CANCELLED -> {
                    log.info("The login was cancelled on the phone; a new QR code follows");
                    return Optional.empty();
                }
                default -> {
                    log.warn("⚠️ The login poll answered code {}; retrying", status.code());
                    Thread.sleep(failures.next().toMillis());
                }
            }
        }
    }

    // ---- after the confirm ----

    /** Exchanges the confirmed login's ticket for a session and initialises it; empty when that failed. */
    private Optional<LoggedIn> complete(URI redirect, String how) throws InterruptedException, ChannelFailure {
        Hosts hosts = Hosts.afterLogin(redirect, options.endpoint());
        LoginPage page;
        try {
            page = api.newLoginPage(redirect, hosts);
        } catch (IOException e) {
            log.warn("⚠️ Web WeChat did not complete the login ({}); starting over", ChannelFailure.describe(e));
            return Optional.empty();
        }
        if (page.ret() == Ret.LOGIN_BARRED) {
            throw ChannelFailure.refused(barredMessage(page.message()));
        }
        if (!page.ok()) {
            log.warn("⚠️ Web WeChat refused the login (ret {}: {}); starting over", page.ret(), page.message());
            return Optional.empty();
        }
        Session session = new Session(hosts, page.wxuin(), page.wxsid(), page.skey(), page.passTicket());
        try {
            return Optional.of(setup.initialise(session, how));
        } catch (IOException | RetException e) {
            log.warn("⚠️ Could not start the web WeChat session ({}); starting over", ChannelFailure.describe(e));
            return Optional.empty();
        }
    }

    private String barredMessage(String serverMessage) {
        return "WeChat refuses web login for this account (error 1203"
                + (serverMessage.isBlank() ? "" : ": " + serverMessage.strip()) + "). "
                + (options.uos()
                    ? "Even the UOS desktop mode (web.uos) is barred for it, which WeChat decides per account. "
                    : "Turn on the UOS desktop mode (web.uos: true, the default), which most accounts may still use. ")
                + "Other ways to run the bot: the official channel (channel: ilink, private chats only), "
                + "a Wechaty puppet gateway (channel: wechaty), or another WeChat account that may use web login. "
                + "The bot does not retry; restart it to try again.";
    }

    /** The throttle that spaces the QR codes ("new QR now" skips its wait). */
    public ReloginThrottle throttle() {
        return throttle;
    }

    /** The cookie jar in use, for saving with the session. */
    public CookieJar cookies() {
        return api.http().cookies();
    }
}
