package io.cow.core.channel.kit;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * How long to wait after failures in a row: the first delay, doubled at each further failure up to a cap, plus an
 * optional random jitter on top (so that many clients that failed together do not come back together), or what
 * the server asked for when it asked for longer. {@link #reset} after a success.
 */
public final class Backoff {

    private final Duration first;
    private final Duration max;
    private final double jitter;
    private final DoubleSupplier random;
    private int failures;

    /** Without jitter: the delays are exactly first, 2×first, 4×first, … up to max. */
    public Backoff(Duration first, Duration max) {
        this(first, max, 0, () -> 0);
    }

    /**
     * @param jitter up to this fraction of the delay is added at random (0.1: up to 10 % longer)
     * @param random numbers in [0, 1) for the jitter
     */
    public Backoff(Duration first, Duration max, double jitter, DoubleSupplier random) {
        if (first.isNegative() || jitter < 0) {
            throw new IllegalArgumentException("a backoff needs a delay ≥ 0 and a jitter ≥ 0");
        }
        this.first = first;
        this.max = max.compareTo(first) < 0 ? first : max;
        this.jitter = jitter;
        this.random = random;
    }

    /** Up to 10 % jitter, for reconnects to a service many clients share. */
    public static Backoff withJitter(Duration first, Duration max) {
        return new Backoff(first, max, 0.1, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** Counts a failure and returns how long to wait before the next attempt. */
    public synchronized Duration next() {
        failures++;
        return delay(failures);
    }

    /**
     * What the {@code failureCount}-th failure in a row waits (1: the first), jitter included, without counting it:
     * for callers that count their own attempts (a model request's retries).
     */
    public Duration delay(int failureCount) {
        long base = baseMillis(Math.max(1, failureCount));
        long extra = jitter == 0 ? 0 : (long) (base * jitter * random.getAsDouble());
        return Duration.ofMillis(base + extra);
    }

    /**
     * Counts a failure; the wait is what the server asked for (a Retry-After, a "too frequent" hint) when that is
     * longer than the backoff's own, which still grows so that a server that stops asking is not hammered.
     */
    public Duration next(Duration serverAsked) {
        Duration own = next();
        return serverAsked != null && serverAsked.compareTo(own) > 0 ? serverAsked : own;
    }

    /** Failures in a row so far. */
    public synchronized int failures() {
        return failures;
    }

    /** Whether the delay has reached its cap. */
    public synchronized boolean atMax() {
        return failures > 0 && baseMillis(failures) >= max.toMillis();
    }

    /** After a success: the next failure waits the first delay again. */
    public synchronized void reset() {
        failures = 0;
    }

    private long baseMillis(int failureCount) {
        int shift = Math.min(failureCount - 1, 30);
        long millis = first.toMillis() << shift;
        return millis < 0 || millis > max.toMillis() ? max.toMillis() : millis;
    }
}
