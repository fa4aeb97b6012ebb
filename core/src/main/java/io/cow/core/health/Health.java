package io.cow.core.health;

import io.cow.core.login.LoginListener;
import io.cow.core.login.LoginState;
import io.cow.core.message.IncomingMessage;
import io.cow.core.pipeline.Bot;
import io.cow.core.pipeline.BotObserver;
import io.cow.core.pipeline.Outcome;
import io.cow.core.store.Store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Whether the bot does its work, for the health check, in one line when it does not: the store has failed for
 * longer than {@code health.storeFailure}, an instance's login was refused (web 1203) or has waited for a QR scan
 * longer than {@code health.qrScanWait}, or for {@code health.noAnswer} questions came and none was answered (the
 * model fails every time, or messages wait and nothing moves). A process that is alive but does none of this is
 * not healthy. Each condition clears by itself when its cause goes.
 */
public final class Health implements BotObserver, LoginListener {

    private final Bot bot;
    private final Supplier<Optional<Store.Failing>> store;
    private final HealthOptions options;
    private final Clock clock;
    private final Map<String, Instant> waitingForScanSince = new ConcurrentHashMap<>();
    private volatile Instant lastHandled;
    private volatile Instant lastAnswered;
    private volatile Instant failingSinceAnswer;
    private volatile String lastFailure = "";

    /** Watches the bot (its outcomes and logins) and the store; call before the bot starts. */
    public Health(Bot bot, Supplier<Optional<Store.Failing>> store, HealthOptions options, Clock clock) {
        this.bot = bot;
        this.store = store;
        this.options = options;
        this.clock = clock;
        this.lastHandled = clock.instant();
        this.lastAnswered = clock.instant();
        bot.observe(this);
        bot.logins().subscribe(this);
    }

    @Override
    public void handled(IncomingMessage message, Outcome outcome) {
        if (outcome == Outcome.DUPLICATE || outcome == Outcome.BEFORE_START) {
            return; // let go at the intake, before the workers: says nothing about whether they make progress
        }
        Instant now = clock.instant();
        lastHandled = now;
        switch (outcome) {
            case ANSWERED, COMMAND, PLUGIN -> {
                lastAnswered = now;
                failingSinceAnswer = null;
            }
            case FAILED -> {
                if (failingSinceAnswer == null) {
                    failingSinceAnswer = now;
                }
                lastFailure = message.chat().title();
            }
            default -> {
                // not a question, or not the bot's to answer: says nothing about its health
            }
        }
    }

    @Override
    public void loginChanged(LoginState previous, LoginState current) {
        if (current.status() == LoginState.Status.WAITING_FOR_SCAN || current.status() == LoginState.Status.SCANNED) {
            // Each new QR code (the last one expired), or a scan not confirmed yet, keeps the wait going: it started
            // with the first code.
            waitingForScanSince.putIfAbsent(current.instance(), current.since());
        } else {
            waitingForScanSince.remove(current.instance());
        }
    }

    /** Why the bot is not healthy, in one line; empty while it is. */
    public Optional<String> problem() {
        Instant now = clock.instant();
        Optional<Store.Failing> failing = store.get();
        if (failing.isPresent() && longerThan(failing.get().since(), now, options.storeFailure())) {
            return Optional.of("the database has failed for " + ago(failing.get().since(), now) + ": " + failing.get().reason());
        }
        for (LoginState state : bot.logins().all()) {
            if (state.status() == LoginState.Status.REFUSED) {
                return Optional.of(state.instance() + ": the login is refused (" + state.reason() + "); a person must act");
            }
            Instant waiting = waitingForScanSince.get(state.instance());
            if (waiting != null && longerThan(waiting, now, options.qrScanWait())) {
                return Optional.of(state.instance() + ": waiting for a QR scan for " + ago(waiting, now));
            }
        }
        Instant failingSince = failingSinceAnswer;
        if (failingSince != null && longerThan(lastAnswered, now, options.noAnswer())) {
            return Optional.of("no question answered for " + ago(lastAnswered, now) + ": the model failed on each (last in "
                    + lastFailure + ")");
        }
        int waiting = bot.pendingMessages();
        if (waiting > 0 && longerThan(lastHandled, now, options.noAnswer())) {
            return Optional.of(waiting + " message(s) waiting and none handled for " + ago(lastHandled, now));
        }
        return Optional.empty();
    }

    private static boolean longerThan(Instant since, Instant now, Duration bound) {
        return Duration.between(since, now).compareTo(bound) > 0;
    }

    private static String ago(Instant since, Instant now) {
        long seconds = Duration.between(since, now).toSeconds();
        return seconds < 120 ? seconds + " s" : seconds / 60 + " min";
    }
}
