package io.cow.core.channel.kit;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class PacingTest {

    private static final long MS = 1_000_000;

    @Test
    void perChatCountsThePauseFromTheEndOfTheChatsLastPart() {
        Pacing pacing = Pacing.perChat(Duration.ofMillis(1500));

        assertThat(pacing.before("a", 0)).isZero();
        pacing.after("a", 100 * MS);
        assertThat(pacing.before("a", 600 * MS)).isEqualTo(Duration.ofMillis(1000));
        assertThat(pacing.before("b", 600 * MS)).as("another chat").isZero();
        assertThat(pacing.before("a", 1600 * MS)).isZero();
    }

    @Test
    void perAccountKeepsAnyTwoStartsAnIntervalApart() {
        Pacing pacing = Pacing.perAccount(Duration.ofMillis(1000));

        assertThat(pacing.before("a", 0)).isZero();
        assertThat(pacing.before("b", 100 * MS)).isEqualTo(Duration.ofMillis(900));
        assertThat(pacing.before("c", 200 * MS)).isEqualTo(Duration.ofMillis(800));
        assertThat(pacing.before("b", 1000 * MS)).as("b's wait is over: it goes").isZero();
        assertThat(pacing.before("c", 1000 * MS)).as("c asks again and waits for the next slot").isEqualTo(Duration.ofMillis(1000));
        assertThat(pacing.before("a", 5000 * MS)).as("after a quiet spell: at once").isZero();
    }

    @Test
    void aZeroPauseIsNoPacing() {
        assertThat(Pacing.perChat(Duration.ZERO)).isSameAs(Pacing.NONE);
        assertThat(Pacing.perAccount(Duration.ZERO)).isSameAs(Pacing.NONE);
    }
}
