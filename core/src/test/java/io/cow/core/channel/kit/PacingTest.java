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
    void perAccountSendsOneAtATimeWithAPauseAfterEach() {
        Pacing pacing = Pacing.perAccount(Duration.ofMillis(1000));

        assertThat(pacing.before("a", 0)).isZero();
        assertThat(pacing.before("b", 100 * MS)).as("a is still being sent").isEqualTo(Duration.ofMillis(1000));
        pacing.after("a", 300 * MS);
        assertThat(pacing.before("b", 1100 * MS)).as("b asks again: the pause after a ends at 1300").isEqualTo(Duration.ofMillis(200));
        assertThat(pacing.before("b", 1300 * MS)).isZero();
        assertThat(pacing.before("c", 1300 * MS)).as("b is being sent").isPositive();
        pacing.after("b", 1350 * MS);
        assertThat(pacing.before("a", 5000 * MS)).as("after a quiet spell: at once").isZero();
    }

    @Test
    void perAccountLetsTheChatThatWaitedLongestGoSoALongAnswerTakesTurnsWithTheOthers() {
        Pacing pacing = Pacing.perAccount(Duration.ofMillis(500));

        assertThat(pacing.before("long", 0)).isZero();
        assertThat(pacing.before("short", 100 * MS)).as("waits while the long answer's part goes").isPositive();
        pacing.after("long", 200 * MS);
        assertThat(pacing.before("long", 700 * MS)).as("the long answer's next part: the short chat waited longer").isPositive();
        assertThat(pacing.before("short", 700 * MS)).isZero();
        pacing.after("short", 800 * MS);
        assertThat(pacing.before("long", 1300 * MS)).as("then the long answer goes on").isZero();
    }

    @Test
    void perAccountForgetsAChatThatStoppedAsking() {
        Pacing pacing = Pacing.perAccount(Duration.ofMillis(500));

        assertThat(pacing.before("a", 0)).isZero();
        assertThat(pacing.before("gone", 100 * MS)).isPositive();
        pacing.after("a", 200 * MS);
        assertThat(pacing.before("a", 3000 * MS)).as("the other chat stopped asking long ago").isZero();
    }

    @Test
    void aZeroPauseIsNoPacing() {
        assertThat(Pacing.perChat(Duration.ZERO)).isSameAs(Pacing.NONE);
        assertThat(Pacing.perAccount(Duration.ZERO)).isSameAs(Pacing.NONE);
    }
}
