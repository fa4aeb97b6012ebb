package io.cow.core.channel.kit;

import io.cow.core.channel.ChannelEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A channel's life on one thread of its own: log in → serve → the session ends → wait → log in again, until the
 * channel closes. The protocol supplies the two {@link Steps}; the loop owns the thread, the waits (a
 * {@link Backoff} after failures, interrupted by {@link #close}), what each {@link ChannelFailure} means, and
 * interrupts: closing interrupts whatever the steps block on and waits for the thread to end.
 *
 * @param <S> what a login gives the session (the protocol's credentials, a connection)
 */
public final class SessionLoop<S> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SessionLoop.class);
    private static final long JOIN_MILLIS = 5_000;

    /** The protocol's part of the loop. */
    public interface Steps<S> {

        /** Logs in, showing QR codes as needed, and reports the login; blocks until logged in. */
        S logIn() throws ChannelFailure, InterruptedException;

        /**
         * Serves the session until it ends, and says how by throwing: {@link ChannelFailure.Kind#LOGGED_OUT},
         * {@link ChannelFailure.Kind#RETRYABLE} (a connection dropped) or {@link ChannelFailure.Kind#REFUSED}.
         * Returns only when the channel is closing.
         */
        void serve(S session) throws ChannelFailure, InterruptedException;

        /** After the session ended, whatever ended it: forget what belonged to it. */
        default void ended(S session) {
        }
    }

    /** What a {@link ChannelFailure.Kind#REFUSED} failure does to the loop. */
    public enum OnRefusal {
        /** Tell the owner and stop: trying again could get the account restricted. */
        STOP,
        /**
         * Log each attempt as an error and keep trying with the backoff (the service or its token may be fixed); the
         * session was never up, so no logout is reported.
         */
        RETRY
    }

    private final String threadName;
    private final Steps<S> steps;
    private final Backoff backoff;
    private final OnRefusal onRefusal;
    private final ChannelEvents events;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private Thread thread;

    /**
     * @param threadName the loop thread's name
     * @param events     told why the session ended: {@code onLogout} when the loop logs in again,
     *                   {@code onLoginRefused} when it stops
     */
    public SessionLoop(String threadName, Steps<S> steps, Backoff backoff, OnRefusal onRefusal, ChannelEvents events) {
        this.threadName = threadName;
        this.steps = steps;
        this.backoff = backoff;
        this.onRefusal = onRefusal;
        this.events = events;
    }

    /** Starts the loop's thread. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException(threadName + " was already started");
        }
        if (isClosed()) {
            throw new IllegalStateException(threadName + " is closed");
        }
        thread = DaemonThreads.start(threadName, this::run);
    }

    /** Completes when the loop has ended: closed, or stopped by a refusal. */
    public CompletableFuture<Void> finished() {
        return finished;
    }

    public boolean isClosed() {
        return closed.getCount() == 0;
    }

    private void run() {
        try {
            while (!isClosed() && once()) {
                // the next login
            }
        } finally {
            finished.complete(null);
        }
    }

    /** One login and its session, then the wait its end calls for; false when the loop must stop. */
    private boolean once() {
        S session = null;
        ChannelFailure failure;
        RuntimeException bug = null;
        try {
            session = steps.logIn();
            backoff.reset();
            steps.serve(session);
            failure = ChannelFailure.retryable(threadName + ": the session ended without a reason");
        } catch (ChannelFailure f) {
            failure = f;
        } catch (InterruptedException e) {
            if (!isClosed()) {
                log.error("❌ {} was interrupted; the channel stops", threadName);
            }
            return false;
        } catch (RuntimeException e) {
            failure = null;
            bug = e;
        } finally {
            if (session != null) {
                ended(session);
            }
        }
        if (isClosed()) {
            return false;
        }
        if (bug != null) {
            Duration wait = backoff.next();
            log.error("❌ {} failed unexpectedly; starting again in {}", threadName, Durations.format(wait), bug);
            return pause(wait);
        }
        return failed(failure);
    }

    private boolean failed(ChannelFailure failure) {
        String message = failure.getMessage();
        switch (failure.kind()) {
            case LOGGED_OUT -> {
                log.warn("🚪 {}", message);
                events.onLogout(message);
                return true;
            }
            case RETRYABLE -> {
                Duration wait = failure.retryAfter().map(backoff::next).orElseGet(backoff::next);
                log.warn("⚠️ {}; connecting again in {}", message, Durations.format(wait));
                return pause(wait);
            }
            default -> {
                if (onRefusal == OnRefusal.STOP) {
                    log.error("❌ {}", message);
                    events.onLoginRefused(message);
                    return false;
                }
                Duration wait = backoff.next();
                log.error("❌ {}; trying again in {}", message, Durations.format(wait));
                return pause(wait);
            }
        }
    }

    private void ended(S session) {
        try {
            steps.ended(session);
        } catch (RuntimeException e) {
            log.error("❌ {} could not clean up after a session: {}", threadName, e.toString(), e);
        }
    }

    /** Waits; false when the loop was closed meanwhile. */
    private boolean pause(Duration wait) {
        try {
            return !closed.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            return false;
        }
    }

    /** Stops the loop: interrupts what the steps block on and waits up to 5 s for the thread to end. */
    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            if (isClosed()) {
                return;
            }
            closed.countDown();
            running = thread;
        }
        if (running == null) {
            finished.complete(null);
            return;
        }
        if (running != Thread.currentThread()) {
            running.interrupt();
            try {
                running.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (running.isAlive()) {
                log.warn("⚠️ {} did not stop within {} ms", threadName, JOIN_MILLIS);
            }
        }
    }
}
