package io.cow.ilink.login;

import io.cow.core.channel.LoginQrCode;
import io.cow.ilink.IlinkConfig;
import io.cow.ilink.api.Account;
import io.cow.ilink.api.IlinkApi;
import io.cow.ilink.api.IlinkErrorException;
import io.cow.ilink.api.IlinkHttpException;
import io.cow.ilink.api.QrStatus;
import io.cow.ilink.api.QrTicket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * One QR login (fact sheet §2): fetch a QR code, report it, poll its status until the phone confirms,
 * with a new QR code when one expires, the polling host moved on {@code scaned_but_redirect}, and the
 * verification number asked for on {@code need_verifycode}.
 */
public final class QrLogin {

    private static final Logger log = LoggerFactory.getLogger("login");

    /** A bare host name, optionally with a port: anything else is not followed. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\\d{1,5})?");

    private final IlinkApi api;
    private final IlinkConfig config;
    private final Consumer<LoginQrCode> qrCodes;
    private final VerifyCodeSource verifyCodes;
    private final Clock clock;
    private final Runnable scanned;

    public QrLogin(IlinkApi api, IlinkConfig config, Consumer<LoginQrCode> qrCodes, VerifyCodeSource verifyCodes, Clock clock) {
        this(api, config, qrCodes, verifyCodes, clock, () -> { });
    }

    /** @param scanned told when a QR code is scanned (the phone must confirm now) */
    public QrLogin(IlinkApi api, IlinkConfig config, Consumer<LoginQrCode> qrCodes, VerifyCodeSource verifyCodes, Clock clock,
                   Runnable scanned) {
        this.scanned = scanned;
        this.api = api;
        this.config = config;
        this.qrCodes = qrCodes;
        this.verifyCodes = verifyCodes;
        this.clock = clock;
    }

    /** Runs the login to its end; {@code localTokens} lets the server recognise an earlier binding. */
    public LoginResult run(List<String> localTokens) throws InterruptedException {
        Instant deadline = clock.instant().plus(config.loginTimeout());
        int codes = config.qrCodesPerLogin();
        for (int n = 1; n <= codes; n++) {
            QrTicket ticket;
            try {
                ticket = api.getBotQrcode(config.baseUrl(), localTokens);
            } catch (IOException | IlinkErrorException e) {
                return new LoginResult.Failed("could not get a QR code from " + config.baseUrl() + ": " + e.getMessage());
            }
            qrCodes.accept(new LoginQrCode(ticket.imageContent(),
                    "Scan with WeChat to log in to iLink (ClawBot), then confirm on the phone (QR code " + n + " of " + codes + ")"));
            Step step = poll(ticket, deadline);
            if (step.result != null) {
                return step.result;
            }
            if (clock.instant().isAfter(deadline)) {
                break;
            }
        }
        return new LoginResult.Failed("nobody confirmed the login within " + config.loginTimeout().toSeconds() + " s (" + codes + " QR codes)");
    }

    /** The end of polling one QR code: a result, or {@code null} for "try a new QR code". */
    private record Step(LoginResult result) {
    }

    private Step poll(QrTicket ticket, Instant deadline) throws InterruptedException {
        String host = config.baseUrl();
        String code = null;
        String last = "";
        while (true) {
            if (clock.instant().isAfter(deadline)) {
                return new Step(null);
            }
            QrStatus status;
            try {
                status = api.getQrcodeStatus(host, ticket.handle(), code, config.qrPollTimeout());
            } catch (HttpTimeoutException e) {
                status = QrStatus.WAIT;
            } catch (IlinkHttpException e) {
                if (!e.retryable()) {
                    return new Step(new LoginResult.Failed(e.getMessage()));
                }
                log.debug("QR status poll: {}; treated as 'wait'", e.getMessage());
                status = QrStatus.WAIT;
            } catch (IOException e) {
                log.debug("QR status poll failed: {}; trying again", e.getMessage());
                status = QrStatus.WAIT;
            } catch (IlinkErrorException e) {
                return new Step(new LoginResult.Failed(e.getMessage()));
            }
            boolean changed = !status.status().equals(last);
            last = status.status();
            switch (status.status()) {
                case "wait" -> {
                }
                case "scaned" -> {
                    if (changed) {
                        log.info("📱 QR code scanned; confirm the login on the phone");
                        scanned.run();
                    }
                }
                case "confirmed" -> {
                    if (status.botId().isEmpty() || status.botToken().isEmpty()) {
                        return new Step(new LoginResult.Failed("the login was confirmed without ilink_bot_id or bot_token"));
                    }
                    String baseUrl = status.baseUrl().isEmpty() ? host : status.baseUrl();
                    return new Step(new LoginResult.Confirmed(new Account(status.botToken(), strip(baseUrl), status.botId(),
                            status.userId(), config.baseUrl())));
                }
                case "expired" -> {
                    log.info("⌛ The QR code expired");
                    return new Step(null);
                }
                case "scaned_but_redirect" -> {
                    if (!HOST.matcher(status.redirectHost()).matches()) {
                        return new Step(new LoginResult.Failed("the login was redirected to an invalid host '" + status.redirectHost() + "'"));
                    }
                    host = config.scheme() + "://" + status.redirectHost();
                    log.info("📱 QR code scanned; the login continues at {}", host);
                    scanned.run();
                    continue;
                }
                case "need_verifycode" -> {
                    boolean wrong = code != null;
                    if (wrong) {
                        log.warn("⚠️ WeChat did not accept the verification number; type the number the phone shows now");
                    }
                    code = verifyCodes.verifyCode("WeChat asks for the number shown on the phone to finish the iLink login", wrong)
                            .orElse(null);
                    if (code == null) {
                        return new Step(new LoginResult.Failed("WeChat asked for a verification number and none was given"));
                    }
                    continue;
                }
                case "verify_code_blocked" -> {
                    log.warn("⚠️ Too many wrong verification numbers; this QR code is blocked");
                    return new Step(null);
                }
                case "binded_redirect" -> {
                    return new Step(new LoginResult.AlreadyBound());
                }
                default -> log.debug("Unknown QR status '{}'; polling on", status.status());
            }
            sleep();
        }
    }

    private void sleep() throws InterruptedException {
        long ms = config.qrPollInterval().toMillis();
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
