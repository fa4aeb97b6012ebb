package io.cow.core.alert;

import io.cow.core.login.LoginListener;
import io.cow.core.login.LoginState;
import io.cow.core.message.IncomingMessage;
import io.cow.core.pipeline.BotObserver;
import io.cow.core.pipeline.Outcome;
import io.cow.core.secret.Secrets;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns what the bot goes through into alerts: a channel instance logged out, refused (web login 1203) or showing a
 * QR code to scan; the model failing several times in a row; and the recovery from either. Subscribe it to the
 * bot's {@link io.cow.core.login.LoginStates} and observe the bot with it.
 */
public final class AlertWatcher implements BotObserver, LoginListener {

    /** Model failures in a row that make an alert: one failure is often a blip the retries did not cover. */
    public static final int MODEL_FAILURES = 3;

    private final Alerts alerts;
    private final AtomicInteger modelFailures = new AtomicInteger();

    public AlertWatcher(Alerts alerts) {
        this.alerts = alerts;
    }

    @Override
    public void loginChanged(LoginState previous, LoginState current) {
        if (current.sameAs(previous)) {
            return; // only the countdown to the next QR code changed
        }
        String channel = current.instance();
        String named = "Channel " + channel + (channel.equals(current.type()) ? "" : " (" + current.type() + ")");
        switch (current.status()) {
            case LOGGED_OUT -> alerts.problem(Alerts.Problem.LOGIN, AlertKind.LOGGED_OUT, channel,
                    "⚠️ " + named + " was logged out (" + Secrets.redact(current.reason()) + "). A new QR code to scan follows.");
            case REFUSED -> alerts.problem(Alerts.Problem.LOGIN, AlertKind.LOGIN_REFUSED, channel,
                    "⛔ " + named + ": WeChat refuses this account's login (" + Secrets.redact(current.reason())
                            + "). Scanning again will not help; use another channel (ilink or wechaty) for this account.");
            case WAITING_FOR_SCAN -> alerts.problem(Alerts.Problem.LOGIN, AlertKind.QR_CODE, channel,
                    "📱 " + named + " needs a QR scan to log in: scan the code with WeChat, or open "
                            + current.qrCode().content(), current.qrCode().content());
            case LOGGED_IN -> alerts.recovered(Alerts.Problem.LOGIN, channel,
                    "✅ " + named + " is logged in again as " + current.account().name() + ".");
            case STARTING, STOPPED, SCANNED -> {
                // nothing to tell yet; a stopped instance runs on another worker now, or the bot stops
            }
        }
    }

    @Override
    public void handled(IncomingMessage message, Outcome outcome) {
        if (outcome == Outcome.FAILED) {
            if (modelFailures.incrementAndGet() == MODEL_FAILURES) {
                alerts.problem(Alerts.Problem.MODEL, AlertKind.MODEL_FAILING, "",
                        "⚠️ The model failed " + MODEL_FAILURES + " times in a row; chats get the error message. "
                                + "Check the bot's log for the provider's error.");
            }
        } else if (outcome == Outcome.ANSWERED) {
            if (modelFailures.getAndSet(0) > 0 && alerts.inOutage(Alerts.Problem.MODEL, "")) {
                alerts.recovered(Alerts.Problem.MODEL, "", "✅ The model answers again.");
            }
        }
    }
}
