package io.cow.core.alert;

import io.cow.core.message.BotAccount;
import io.cow.core.message.IncomingMessage;
import io.cow.core.pipeline.BotObserver;
import io.cow.core.pipeline.Outcome;
import io.cow.core.secret.Secrets;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns what the bot goes through into alerts: a logout (a refused login when the reason names 1203), the model
 * failing several times in a row, and the recovery from either.
 */
public final class AlertWatcher implements BotObserver {

    /** Model failures in a row that make an alert: one failure is often a blip the retries did not cover. */
    public static final int MODEL_FAILURES = 3;

    private final Alerts alerts;
    private final AtomicInteger modelFailures = new AtomicInteger();

    public AlertWatcher(Alerts alerts) {
        this.alerts = alerts;
    }

    @Override
    public void loggedOut(String channel, String reason) {
        String why = Secrets.redact(reason);
        if (why.contains("1203") || why.toLowerCase(Locale.ROOT).contains("barred")) {
            alerts.problem(Alerts.Problem.LOGIN, AlertKind.LOGIN_REFUSED, channel,
                    "⛔ Channel " + channel + ": WeChat refuses this account's login (" + why
                            + "). Scanning again will not help; use another channel (ilink or wechaty) for this account.");
        } else {
            alerts.problem(Alerts.Problem.LOGIN, AlertKind.LOGGED_OUT, channel,
                    "⚠️ Channel " + channel + " was logged out (" + why + "). Scan the new QR code to log in again.");
        }
    }

    @Override
    public void loggedIn(String channel, BotAccount account) {
        alerts.recovered(Alerts.Problem.LOGIN, channel, "✅ Channel " + channel + " is logged in again as " + account.name() + ".");
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
