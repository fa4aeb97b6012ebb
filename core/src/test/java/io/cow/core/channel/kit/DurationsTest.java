package io.cow.core.channel.kit;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class DurationsTest {

    @Test
    void readsAsAPersonWouldSayIt() {
        assertThat(Durations.format(Duration.ofMillis(20))).isEqualTo("20 ms");
        assertThat(Durations.format(Duration.ofMillis(2500))).isEqualTo("2500 ms");
        assertThat(Durations.format(Duration.ofSeconds(2))).isEqualTo("2 s");
        assertThat(Durations.format(Duration.ofMillis(12_400))).isEqualTo("12 s");
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90 s");
        assertThat(Durations.format(Duration.ofMinutes(5))).isEqualTo("5 min");
    }
}
