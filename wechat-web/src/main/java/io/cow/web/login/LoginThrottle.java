package io.cow.web.login;

import io.cow.web.Durations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/**
 * Keeps new QR codes apart: at most one per interval, because accounts that log in again and again get
 * restricted. The first QR code is never held back.
 */
public final class LoginThrottle {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

    private final Duration interval;
    private final Clock clock;
    private long lastMillis = Long.MIN_VALUE;

    public LoginThrottle(Duration interval, Clock clock) {
        this.interval = interval;
        this.clock = clock;
    }

    /** Waits until a new QR code may be shown. */
    public synchronized void awaitTurn() throws InterruptedException {
        if (lastMillis != Long.MIN_VALUE) {
            long wait = lastMillis + interval.toMillis() - clock.millis();
            if (wait > 0) {
                log.info("⏳ Waiting {} before asking for a new QR code (at most one every {}, web.reloginInterval)",
                        Durations.format(Duration.ofMillis(wait)), Durations.format(interval));
                Thread.sleep(wait);
            }
        }
    }

    /** Counts a QR code as shown now; attempts that failed before a code was shown do not count. */
    public synchronized void shown() {
        lastMillis = clock.millis();
    }
}
