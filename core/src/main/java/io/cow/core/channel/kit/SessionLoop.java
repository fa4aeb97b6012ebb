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

        /**
         * The owner logs the account out ({@link #logOut()}): tell the service (web: {@code webwxlogout}) and forget
         * the credentials, so that the next login needs a new QR scan. Runs on the loop's thread after {@link #serve}
         * was interrupted and before {@link #ended}; a failure is logged and the session ends anyway.
         */
        default void logOut(S session) throws Exception {
        }

        /** The throttle that spaces this protocol's QR codes, if it has one: {@link #requestNewQr()} skips its wait. */
        default ReloginThrottle throttle() {
            return null;
        }
    }

    /** What the owner asked the loop for, from another thread. */
    private enum Request { NEW_QR, LOG_OUT }

    /** Where the loop's thread is: an owner's request interrupts it only in a step that can be abandoned. */
    private enum Phase { IDLE, LOGGING_IN, SERVING }

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
    private Phase phase = Phase.IDLE;
    private Request request;

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

    /**
     * Shows a new QR code now: abandons the QR code being shown, or the relogin throttle's wait (the new code still
     * counts against it), or the backoff's wait after a failure.
     *
     * @throws IllegalStateException when the account is logged in (log out first), or the loop is not running
     */
    public synchronized void requestNewQr() {
        running();
        if (phase == Phase.SERVING) {
            throw new IllegalStateException("the account is logged in; log out first");
        }
        ReloginThrottle throttle = steps.throttle();
        if (throttle != null) {
            throttle.skipWait();
        }
        request = Request.NEW_QR;
        if (phase == Phase.LOGGING_IN) {
            thread.interrupt();
        }
        notifyAll();
    }

    /**
     * Logs the account out now: the session ends ({@link Steps#logOut} tells the service), the channel reports the
     * logout and logs in again as after any logout (a new QR code, when the relogin throttle allows).
     *
     * @throws IllegalStateException when the account is not logged in, or the loop is not running
     */
    public synchronized void logOut() {
        running();
        if (phase != Phase.SERVING) {
            throw new IllegalStateException("the account is not logged in");
        }
        request = Request.LOG_OUT;
        thread.interrupt();
    }

    private void running() {
        if (thread == null || isClosed() || finished.isDone()) {
            throw new IllegalStateException(threadName + " is not running");
        }
    }

    /**
     * Moves the loop's thread to another phase. A request meant for the phase it leaves is dropped with its
     * interrupt (a new QR code asked for while the login completed; a logout asked for as the session ended).
     */
    private synchronized void enter(Phase next) {
        if (request != null && (request == Request.NEW_QR) == (phase == Phase.LOGGING_IN)) {
            request = null;
            Thread.interrupted();
        }
        phase = next;
    }

    /** Takes the request that interrupted the loop's thread, if one did (and clears the interrupt). */
    private synchronized Request interruptedFor() {
        Request taken = request;
        request = null;
        if (taken != null) {
            Thread.interrupted();
        }
        phase = Phase.IDLE;
        return taken;
    }

    /** One login and its session, then the wait its end calls for; false when the loop must stop. */
    private boolean once() {
        S session = null;
        ChannelFailure failure;
        RuntimeException bug = null;
        try {
            enter(Phase.LOGGING_IN);
            session = steps.logIn();
            enter(Phase.SERVING);
            backoff.reset();
            steps.serve(session);
            failure = ChannelFailure.retryable(threadName + ": the session ended without a reason");
        } catch (ChannelFailure f) {
            failure = f;
        } catch (InterruptedException e) {
            Request asked = interruptedFor();
            if (isClosed()) {
                return false;
            }
            if (asked == null) {
                log.error("❌ {} was interrupted; the channel stops", threadName);
                return false;
            }
            if (asked == Request.NEW_QR || session == null) {
                log.info("🔄 {}: a new QR code, as the owner asked", threadName);
                return true;
            }
            logOut(session);
            failure = ChannelFailure.loggedOut("Logged out, as the owner asked in the console; a new QR code follows");
        } catch (RuntimeException e) {
            failure = null;
            bug = e;
        } finally {
            enter(Phase.IDLE);
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

    private void logOut(S session) {
        log.info("🚪 {}: logging out, as the owner asked", threadName);
        try {
            steps.logOut(session);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("⚠️ {}: the service did not confirm the logout ({}); the session is dropped anyway", threadName,
                    ChannelFailure.describe(e));
        }
    }

    private void ended(S session) {
        try {
            steps.ended(session);
        } catch (RuntimeException e) {
            log.error("❌ {} could not clean up after a session: {}", threadName, e.toString(), e);
        }
    }

    /** Waits, or less when the owner asks for a new QR code; false when the loop was closed meanwhile. */
    private synchronized boolean pause(Duration wait) {
        long end = System.nanoTime() + wait.toNanos();
        try {
            while (!isClosed() && request != Request.NEW_QR) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left); // never shorter than asked: it rounds up to the next ms
            }
        } catch (InterruptedException e) {
            return false;
        }
        request = null;
        return !isClosed();
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
            notifyAll();
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
