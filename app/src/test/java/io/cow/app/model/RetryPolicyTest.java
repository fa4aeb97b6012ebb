package io.cow.app.model;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(1000), Duration.ofMillis(3000));

    @Test
    void retriesWaitTheKitsGrowingBackoffWithJitterUpToTheCap() {
        assertThat(policy.delay(0, Optional.empty()).toMillis()).isBetween(1000L, 1100L);
        assertThat(policy.delay(1, Optional.empty()).toMillis()).isBetween(2000L, 2200L);
        assertThat(policy.delay(2, Optional.empty())).isEqualTo(Duration.ofMillis(3000));
        assertThat(policy.delay(30, Optional.empty())).isEqualTo(Duration.ofMillis(3000));
    }

    @Test
    void theServersRetryAfterIsWaitedButNeverLongerThanTheCap() {
        assertThat(policy.delay(0, Optional.of(Duration.ofMillis(2500)))).isEqualTo(Duration.ofMillis(2500));
        assertThat(policy.delay(0, Optional.of(Duration.ofSeconds(60)))).isEqualTo(Duration.ofMillis(3000));
    }
}
