package io.cow.core.control;

import io.cow.core.channel.kit.Pacing;
import io.cow.core.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The account-safety governor's rules, on a clock the test moves. */
class GovernorTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final List<String> warnings = new ArrayList<>();

    private Governor governor(int perMinute, int perDay, String quiet, Duration jitter) {
        return new Governor("web", Pacing.NONE, new Governor.GovernorOptions(perMinute, perDay, QuietHours.parse(quiet), jitter,
                Duration.ofMinutes(1), 3, ZoneOffset.UTC), clock, new Random(7), warnings::add);
    }

    /** Sends one part of the lane if the governor lets it go now. */
    private static boolean send(Governor g, String lane) {
        if (!g.before(lane, 0).isZero()) {
            return false;
        }
        g.after(lane, 0);
        return true;
    }

    @Test
    void atMostTheMinutesBudgetGoesInAnyMinute() {
        Governor g = governor(10, 0, "", Duration.ZERO);
        int sent = 0;
        for (int i = 0; i < 30; i++) {
            if (send(g, "chat" + i % 3)) {
                sent++;
            }
        }
        assertThat(sent).isEqualTo(10);
        assertThat(g.before("chat0", 0)).as("asked again within a second").isEqualTo(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(59));
        assertThat(send(g, "chat0")).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(send(g, "chat0")).isTrue();
    }

    @Test
    void theDaysBudgetWarnsNearItsEndAndHoldsUntilMidnight() {
        Governor g = governor(0, 10, "", Duration.ZERO);
        for (int i = 0; i < 10; i++) {
            assertThat(send(g, "a")).isTrue();
        }
        assertThat(send(g, "a")).isFalse();
        assertThat(warnings).singleElement().asString().contains("8 of its 10");
        clock.advance(Duration.ofHours(14));
        assertThat(send(g, "a")).as("a new day").isTrue();
    }

    @Test
    void nothingGoesInQuietHours() {
        Governor g = governor(0, 0, "09:30-10:30", Duration.ZERO);
        assertThat(send(g, "a")).isFalse();
        clock.advance(Duration.ofMinutes(30));
        assertThat(send(g, "a")).isTrue();
        assertThat(QuietHours.parse("23:00-07:00").orElseThrow().contains(java.time.LocalTime.of(2, 0))).isTrue();
        assertThat(QuietHours.parse("23:00-07:00").orElseThrow().contains(java.time.LocalTime.of(12, 0))).isFalse();
    }

    @Test
    void aRefusalPausesEverySendForAPeriodThatDoublesEachTime() {
        Governor g = governor(0, 0, "", Duration.ZERO);
        g.tooFrequent(0);
        assertThat(g.paused(0)).isEqualTo(Duration.ofMinutes(1));
        assertThat(send(g, "a")).isFalse();
        assertThat(send(g, "b")).isFalse();
        clock.advance(Duration.ofMinutes(1));
        assertThat(send(g, "a")).isTrue();
        g.tooFrequent(0);
        assertThat(g.paused(0)).isEqualTo(Duration.ofMinutes(2));
        clock.advance(Duration.ofMinutes(2));
        g.tooFrequent(0);
        assertThat(g.paused(0)).isEqualTo(Duration.ofMinutes(4));
        assertThat(warnings).hasSize(3).allSatisfy(w -> assertThat(w).contains("sends too often"));
        clock.advance(Duration.ofHours(3));
        g.tooFrequent(0);
        assertThat(g.paused(0)).as("forgotten after an hour without refusals").isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aRandomPauseComesBeforeEachSendWithinTheJitter() {
        Governor g = governor(0, 0, "", Duration.ofSeconds(10));
        Duration wait = g.before("a", 0);
        assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(10));
        assertThat(g.before("a", 0)).isZero();
    }

    @Test
    void theQueueIsBounded() {
        Governor g = governor(1, 0, "", Duration.ZERO);
        assertThat(g.admits(2)).isTrue();
        assertThat(g.admits(3)).isFalse();
    }

    @Test
    void aPartCountedOnceWaitsOnlyForTheChannelsOwnPacing() {
        Pacing busy = new Pacing() {
            int asked;

            @Override
            public Duration before(String lane, long nowNanos) {
                return asked++ == 0 ? Duration.ofMillis(5) : Duration.ZERO;
            }
        };
        Governor g = new Governor("web", busy, new Governor.GovernorOptions(2, 0, Optional.empty(), Duration.ZERO,
                Duration.ofMinutes(1), 3, ZoneOffset.UTC), clock, new Random(1), warnings::add);
        assertThat(g.before("a", 0)).isEqualTo(Duration.ofMillis(5));
        assertThat(g.before("a", 0)).isZero();
        g.after("a", 0);
        assertThat(g.sentToday()).as("the part asked twice is one send").isEqualTo(1);
    }
}
