package io.cow.core.model;

import java.util.function.Supplier;

/**
 * The time by which the answer being asked for must be complete ({@code model.totalTimeout}), handed from the
 * answerer to the HTTP client underneath. LangChain4j's model clients start their request on the thread that asks,
 * so a value set around that call reaches the client, which can then end a stream that never finishes (one that
 * sends only keep-alives, say) and stop retrying in time.
 */
public final class ModelDeadline {

    /** No deadline. */
    public static final long NONE = Long.MAX_VALUE;

    private static final ThreadLocal<Long> CURRENT = new ThreadLocal<>();

    private ModelDeadline() {
    }

    /** The deadline of the answer being asked for on this thread, in {@link System#nanoTime()}, or {@link #NONE}. */
    public static long current() {
        Long deadline = CURRENT.get();
        return deadline == null ? NONE : deadline;
    }

    /** Runs a call with this deadline (the earlier one wins when one is set already). */
    public static <T> T during(long deadlineNanos, Supplier<T> call) {
        Long outer = CURRENT.get();
        CURRENT.set(outer == null ? deadlineNanos : earlier(outer, deadlineNanos));
        try {
            return call.get();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    /** Nanoseconds left until the deadline (negative when past); {@link Long#MAX_VALUE} for none. */
    public static long remainingNanos(long deadlineNanos) {
        return deadlineNanos == NONE ? Long.MAX_VALUE : deadlineNanos - System.nanoTime();
    }

    /** The deadline this far from now. */
    public static long after(java.time.Duration timeout) {
        return System.nanoTime() + timeout.toNanos();
    }

    private static long earlier(long a, long b) {
        if (a == NONE) {
            return b;
        }
        if (b == NONE) {
            return a;
        }
        return a - b < 0 ? a : b;
    }
}
