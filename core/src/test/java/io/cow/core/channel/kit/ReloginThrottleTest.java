package io.cow.core.channel.kit;

import io.cow.core.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReloginThrottleTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<Duration> slept = new ArrayList<>();
    private final ReloginThrottle throttle = new ReloginThrottle(Duration.ofMinutes(5), "test QR login", "test.reloginInterval",
            clock, d -> {
                slept.add(d);
                clock.advance(d);
            });

    @Test
    void theFirstQrCodeAndAttemptsThatShowedNoneAreNotHeldBack() throws Exception {
        throttle.awaitTurn();
        throttle.awaitTurn();
        throttle.awaitTurn();

        assertThat(slept).isEmpty();
    }

    @Test
    void aNewQrCodeWaitsForTheRestOfTheIntervalAfterTheLastOne() throws Exception {
        throttle.awaitTurn();
        throttle.shown();
        clock.advance(Duration.ofMinutes(2));

        throttle.awaitTurn();
        throttle.shown();
        throttle.awaitTurn();

        assertThat(slept).containsExactly(Duration.ofMinutes(3), Duration.ofMinutes(5));
    }

    @Test
    void onceTheIntervalHasPassedThereIsNoWait() throws Exception {
        throttle.shown();
        clock.advance(Duration.ofMinutes(5));

        throttle.awaitTurn();

        assertThat(slept).isEmpty();
        assertThat(throttle.untilTurn()).isZero();
    }
}
