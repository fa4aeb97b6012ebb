package io.cow.web.sync;

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
        backoff.reset();
        assertThat(backoff.failures()).isZero();
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(2));
    }
}
