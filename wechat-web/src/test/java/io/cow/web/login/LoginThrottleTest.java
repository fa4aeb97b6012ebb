package io.cow.web.login;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTest {

    /** A clock the test moves; sleeping threads are not involved because the waits computed are zero. */
    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void theFirstQrCodeAndFailedAttemptsAreNotHeldBack() throws Exception {
        MovableClock clock = new MovableClock();
        LoginThrottle throttle = new LoginThrottle(Duration.ofMinutes(1), clock);

        long started = System.nanoTime();
        throttle.awaitTurn();
        throttle.awaitTurn();
        throttle.awaitTurn();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));

        throttle.shown();
        clock.now = clock.now.plus(Duration.ofMinutes(1));
        started = System.nanoTime();
        throttle.awaitTurn();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }
}
