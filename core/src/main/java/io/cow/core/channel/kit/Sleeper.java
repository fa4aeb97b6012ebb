package io.cow.core.channel.kit;

import java.time.Duration;

/** Waits; the real one sleeps the thread, a test's records what it was asked to wait. */
@FunctionalInterface
public interface Sleeper {

    /** Sleeps the calling thread; an interrupt (the channel closing) ends the wait early. */
    Sleeper REAL = d -> {
        long millis = d.toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    };

    void sleep(Duration duration) throws InterruptedException;
}
