package io.cow.web.sync;

import java.time.Duration;

/** Exponential backoff: the first delay, doubled at each failure in a row, capped; {@link #reset} after a success. */
public final class Backoff {

    private final Duration first;
    private final Duration max;
    private int failures;

    public Backoff(Duration first, Duration max) {
        this.first = first;
        this.max = max.compareTo(first) < 0 ? first : max;
    }

    /** Counts a failure and returns how long to wait before the next attempt. */
    public Duration next() {
        failures++;
        int shift = Math.min(failures - 1, 30);
        long millis = first.toMillis() << shift;
        if (millis <= 0 || millis > max.toMillis()) {
            millis = max.toMillis();
        }
        return Duration.ofMillis(millis);
    }

    /** Failures in a row so far. */
    public int failures() {
        return failures;
    }

    /** Whether the delay has reached its cap. */
    public boolean atMax() {
        return failures > 0 && (first.toMillis() << Math.min(failures - 1, 30)) >= max.toMillis();
    }

    public void reset() {
        failures = 0;
    }
}
