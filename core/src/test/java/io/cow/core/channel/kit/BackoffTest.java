package io.cow.core.channel.kit;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

    @Test
    void doublesUpToTheCapAndStartsOverAfterReset() {
        Backoff backoff = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(10));

        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(8));
        assertThat(backoff.atMax()).isFalse();
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.atMax()).isTrue();
        for (int i = 0; i < 100; i++) {
            assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(10));
        }
        assertThat(backoff.failures()).isEqualTo(104);
        backoff.reset();
        assertThat(backoff.failures()).isZero();
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void jitterAddsUpToItsFractionOnTopOfTheCappedDelay() {
        double[] next = {0.0};
        Backoff backoff = new Backoff(Duration.ofMillis(1000), Duration.ofMillis(4000), 0.1, () -> next[0]);

        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(1000));
        next[0] = 0.5;
        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(2100));
        next[0] = 0.999;
        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(4399));
        assertThat(backoff.next()).as("capped, then jittered").isEqualTo(Duration.ofMillis(4399));
    }

    @Test
    void withJitterStaysBetweenTheDelayAndATenthMore() {
        Backoff backoff = Backoff.withJitter(Duration.ofMillis(200), Duration.ofMillis(800));
        long[] bases = {200, 400, 800, 800, 800};
        for (long base : bases) {
            assertThat(backoff.next().toMillis()).isBetween(base, base + base / 10);
        }
    }

    @Test
    void aLongerDelayAskedByTheServerWinsAndTheBackoffStillGrows() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

        assertThat(backoff.next(Duration.ofSeconds(20))).isEqualTo(Duration.ofSeconds(20));
        assertThat(backoff.next(Duration.ofMillis(100))).as("a shorter ask does not shorten the backoff").isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.next(null)).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void theDelayOfAGivenFailureIsAskedWithoutCountingIt() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(500));

        assertThat(backoff.delay(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.delay(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(backoff.delay(9)).isEqualTo(Duration.ofMillis(500));
        assertThat(backoff.failures()).isZero();
        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(100));
    }
}
