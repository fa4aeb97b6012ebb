package io.cow.core.channel.kit;

import io.cow.core.channel.ChannelEvents;
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

    @Test
    void theWaitIsAnnouncedSoThatTheOwnerSeesACountdown() throws Exception {
        List<Instant> announced = new ArrayList<>();
        ChannelEvents events = new NoEvents() {
            @Override
            public void onNextLoginAt(Instant at) {
                announced.add(at);
            }
        };
        throttle.awaitTurn(events);
        throttle.shown();
        Instant shownAt = clock.instant();
        clock.advance(Duration.ofMinutes(1));

        throttle.awaitTurn(events);

        assertThat(announced).as("only a wait is announced").containsExactly(shownAt.plus(Duration.ofMinutes(5)));
    }

    @Test
    void skipWaitLetsOneQrCodeGoNowAndItStillCounts() throws Exception {
        throttle.shown();
        clock.advance(Duration.ofMinutes(1));

        throttle.skipWait();
        throttle.awaitTurn();
        throttle.shown();
        throttle.awaitTurn();

        assertThat(slept).as("the skipped wait, then a whole interval after the code it let go")
                .containsExactly(Duration.ofMinutes(5));
    }
}
