package io.cow.core.channel.kit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one timer of the process, a single daemon thread ({@code cow-timer}) for every watchdog, paced send, delayed
 * retry and periodic check of every channel: a timer per component would be a thread (and wake-ups) per component.
 * Its tasks must be short and never block: they interrupt a thread, complete a future or start an asynchronous call.
 * A task that throws is logged; a periodic one keeps its schedule.
 */
public final class SharedTimer {

    private static final Logger log = LoggerFactory.getLogger(SharedTimer.class);

    private SharedTimer() {
    }

    /** Created at the first use, so a bot that never needs a timer never starts its thread. */
    private static final class Holder {
        static final ScheduledThreadPoolExecutor TIMER = create();

        private static ScheduledThreadPoolExecutor create() {
            ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, DaemonThreads.single("cow-timer"));
            timer.setRemoveOnCancelPolicy(true);
            return timer;
        }
    }

    /** Runs the task once after the delay. */
    public static ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        return Holder.TIMER.schedule(guarded(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    }

    /** Runs the task every period (the first time after one period), until its future is cancelled. */
    public static ScheduledFuture<?> every(Duration period, Runnable task) {
        return every(period, period, task);
    }

    /** Runs the task after the first delay, then every period, until its future is cancelled. */
    public static ScheduledFuture<?> every(Duration first, Duration period, Runnable task) {
        return Holder.TIMER.scheduleWithFixedDelay(guarded(task), Math.max(0, first.toNanos()), Math.max(1, period.toNanos()),
                TimeUnit.NANOSECONDS);
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("❌ A timed task failed: {}", e.toString(), e);
            }
        };
    }
}
