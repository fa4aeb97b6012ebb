package io.cow.core.channel.kit;

import java.time.Duration;

/** Durations as a person reads them in a log line: {@code 500 ms}, {@code 2.5 s}, {@code 35 s}, {@code 2 min}. */
public final class Durations {

    private Durations() {
    }

    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000 || ms % 1000 != 0 && ms < 10_000) {
            return ms + " ms";
        }
        long s = (ms + 500) / 1000;
        return s >= 120 && s % 60 == 0 ? s / 60 + " min" : s + " s";
    }
}
