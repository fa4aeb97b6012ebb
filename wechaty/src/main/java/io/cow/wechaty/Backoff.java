package io.cow.wechaty;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Waits between connection attempts: doubling from the first delay up to the longest, plus up to 10% jitter. */
final class Backoff {

    private final Duration first;
    private final Duration max;
    private Duration next;

    Backoff(Duration first, Duration max) {
        this.first = first;
        this.max = max;
        this.next = first;
    }

    /** The wait before the next attempt; each call doubles the one after it. */
    Duration next() {
        Duration current = next;
        Duration doubled = current.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        long jitter = current.toMillis() / 10;
        return jitter > 0 ? current.plusMillis(ThreadLocalRandom.current().nextLong(jitter + 1)) : current;
    }

    /** After a connection that worked: start from the first delay again. */
    void reset() {
        next = first;
    }
}
