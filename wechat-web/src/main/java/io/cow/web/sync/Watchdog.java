package io.cow.web.sync;

import io.cow.core.channel.kit.SharedTimer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

/**
 * Restarts a call to WeChat that has hung for longer than a limit (a connection that died without closing
 * keeps a long poll waiting forever otherwise): the calling thread is interrupted, which aborts the request,
 * and the call fails with {@link StalledException}.
 */
public final class Watchdog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Watchdog.class);

    /** What a guarded call does. */
    @FunctionalInterface
    public interface Call<T, E extends Exception> {
        T run() throws E, IOException, InterruptedException;
    }

    /** The call was aborted because it hung too long. */
    public static final class StalledException extends IOException {
        public StalledException(Duration limit) {
            super("no answer from web WeChat for " + limit.toMillis() + " ms");
        }
    }

    private final Duration limit;
    private final ScheduledFuture<?> ticks;
    private Thread guarded;
    private long startedNanos;
    private boolean fired;

    /** Checks a few times per limit, on the process's one timer. */
    public Watchdog(Duration limit) {
        this.limit = limit;
        this.ticks = SharedTimer.every(Duration.ofMillis(Math.max(20, limit.toMillis() / 4)), this::check);
    }

    /** Runs the call; aborts it with {@link StalledException} when it takes longer than the limit. */
    public <T, E extends Exception> T guard(Call<T, E> call) throws E, IOException, InterruptedException {
        synchronized (this) {
            guarded = Thread.currentThread();
            startedNanos = System.nanoTime();
            fired = false;
        }
        boolean stalled;
        try {
            return call.run();
        } catch (InterruptedException | IOException e) {
            synchronized (this) {
                stalled = fired;
            }
            if (stalled) {
                Thread.interrupted();
                throw new StalledException(limit);
            }
            throw e;
        } finally {
            synchronized (this) {
                guarded = null;
                if (fired) {
                    // The interrupt may have come after the call returned: it was meant for the call only.
                    Thread.interrupted();
                }
            }
        }
    }

    private synchronized void check() {
        if (guarded != null && !fired && System.nanoTime() - startedNanos > limit.toNanos()) {
            fired = true;
            log.debug("A call to web WeChat has hung for {} ms; aborting it", limit.toMillis());
            guarded.interrupt();
        }
    }

    @Override
    public void close() {
        ticks.cancel(false);
    }
}
