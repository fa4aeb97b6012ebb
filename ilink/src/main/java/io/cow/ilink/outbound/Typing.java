package io.cow.ilink.outbound;

import io.cow.core.channel.kit.SharedTimer;
import io.cow.ilink.api.Account;
import io.cow.ilink.api.IlinkApi;
import io.cow.ilink.api.IlinkErrorException;
import io.cow.ilink.state.IlinkState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Shows "typing…" in a user's chat while answers to that user are being written (fact sheet §4.1):
 * {@code sendtyping} status 1 renewed at an interval, status 2 when the last answer is done. The ticket
 * from {@code getconfig} is cached per user and fetched again after a failure. Failures only cost the
 * indicator, so they are logged at debug level.
 *
 * <p>The indicator appears after a short grace ({@link #GRACE}, or the interval when shorter): an answer
 * ready sooner costs no typing calls at all. The shared timer says when; the calls run on their own executor, so
 * they never hold up a reply.
 */
public final class Typing {

    private static final Logger log = LoggerFactory.getLogger(Typing.class);
    private static final int TYPING = 1;
    private static final int CANCEL = 2;
    static final Duration GRACE = Duration.ofMillis(500);

    private final IlinkApi api;
    private final IlinkState state;
    private final Supplier<Account> account;
    private final Executor calls;
    private final Duration interval;
    private final Map<String, String> tickets = new ConcurrentHashMap<>();
    private final Map<String, Active> active = new HashMap<>();
    private final Map<String, Object> userLocks = new ConcurrentHashMap<>();

    private static final class Active {
        int answers;
        ScheduledFuture<?> renewal;
        volatile boolean shown;
        /** A renewal still being sent: the next tick skips, so slow calls never pile up. */
        final AtomicBoolean calling = new AtomicBoolean();
    }

    /** @param calls runs the typing calls (blocking HTTP) */
    public Typing(IlinkApi api, IlinkState state, Supplier<Account> account, Executor calls, Duration interval) {
        this.api = api;
        this.state = state;
        this.account = account;
        this.calls = calls;
        this.interval = interval;
    }

    /** An answer to this user is being written. */
    public void start(String user) {
        synchronized (active) {
            Active a = active.computeIfAbsent(user, u -> new Active());
            a.answers++;
            if (a.answers == 1) {
                Duration grace = GRACE.compareTo(interval) < 0 ? GRACE : interval;
                a.renewal = SharedTimer.every(grace, interval, () -> renew(user, a));
            }
        }
    }

    /** An answer to this user is done; the indicator goes when no other answer to them is being written. */
    public void stop(String user) {
        Active ended;
        synchronized (active) {
            Active a = active.get(user);
            if (a == null) {
                return;
            }
            a.answers--;
            if (a.answers > 0) {
                return;
            }
            active.remove(user);
            a.renewal.cancel(false);
            ended = a;
        }
        if (ended.shown) {
            send(user, CANCEL);
        }
    }

    /** On the shared timer: hands one renewal to the calls' executor, unless the last one is still on its way. */
    private void renew(String user, Active a) {
        if (!a.calling.compareAndSet(false, true)) {
            return;
        }
        try {
            calls.execute(() -> {
                try {
                    send(user, TYPING);
                } finally {
                    a.calling.set(false);
                }
            });
        } catch (RejectedExecutionException closing) {
            a.calling.set(false);
            log.debug("No typing call: the channel is closing");
        }
    }

    /** Forgets every ticket, e.g. after a new login. */
    public void reset() {
        tickets.clear();
    }

    /** One call per user at a time, so a late "typing" never lands after the "cancel". */
    private void send(String user, int status) {
        synchronized (userLocks.computeIfAbsent(user, u -> new Object())) {
            if (status == TYPING) {
                Active current = active(user);
                if (current == null) {
                    return;
                }
                current.shown = true;
            }
            call(user, status);
        }
    }

    private Active active(String user) {
        synchronized (active) {
            return active.get(user);
        }
    }

    private void call(String user, int status) {
        Account current = account.get();
        if (current == null) {
            return;
        }
        try {
            String ticket = tickets.get(user);
            if (ticket == null) {
                ticket = api.getConfig(current, user, state.contextToken(current.botId(), user).orElse(""));
                tickets.put(user, ticket);
            }
            api.sendTyping(current, user, ticket, status);
        } catch (IOException | IlinkErrorException e) {
            tickets.remove(user);
            log.debug("Typing indicator for {} failed: {}", user, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.debug("Typing indicator for {} failed", user, e);
        }
    }
}
