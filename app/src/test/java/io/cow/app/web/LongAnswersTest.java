package io.cow.app.web;

import io.cow.testkit.await.Await;
import io.cow.testkit.openai.FakeOpenAi;
import io.cow.testkit.web.SentMessage;
import io.cow.testkit.web.SimContact;
import io.cow.testkit.web.SimGroup;
import io.cow.testkit.web.WebWeChatSimulator;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One huge group question (5,000 mentions) at the default pacing (one text every 500 ms for the account): its answer
 * uses at most {@code reply.maxParts} messages, and a private question asked just after is answered between them,
 * not after all of them.
 */
class LongAnswersTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @AutoClose
    private final WebWeChatSimulator sim = WebBot.simulator();
    @AutoClose
    private final FakeOpenAi fake = FakeOpenAi.start();
    private final SimContact alice = sim.addFriend("Alice");
    private final SimContact bob = sim.addStranger("Bob");
    private final SimGroup team = sim.addGroup("Team", alice, bob);

    @TempDir
    Path dataDir;

    @Test
    void aGroupQuestionWithFiveThousandMentionsGetsAtMostTenMessagesAndDoesNotHoldBackAPrivateAnswer() {
        StringBuilder mentions = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            mentions.append("@member").append(i).append(' ');
        }
        try (WebBot bot = WebBot.start(WebBot.with(WebBot.env(sim, fake, dataDir), "COW_WEB_SEND_INTERVAL", "500ms"), dataDir)) {
            sim.scanAndConfirm(WAIT);
            sim.awaitPolling(WAIT);
            sim.sendGroupText(team, bob, "@Botty\u2005" + WebBot.KEYWORD + " " + mentions);
            Await.until("the first part of the group answer", WAIT, () -> !sim.sentTo(team).isEmpty());
            sim.sendText(alice, WebBot.KEYWORD + " a short question");
            Await.until("the private answer and the whole group answer", WAIT,
                    () -> !sim.sentTo(alice).isEmpty() && sim.sentTo(team).stream().anyMatch(m -> m.content().endsWith("cut here）")));

            List<SentMessage> all = sim.sent();
            List<SentMessage> group = sim.sentTo(team);
            SentMessage privateAnswer = sim.sentTo(alice).get(0);
            int groupPartsBefore = (int) all.stream().takeWhile(m -> m != privateAnswer).filter(group::contains).count();
            System.out.printf("the private answer went out after %d of the group answer's %d parts, %d ms after the first%n",
                    groupPartsBefore, group.size(), Duration.between(group.get(0).at(), privateAnswer.at()).toMillis());

            assertThat(group).hasSize(10);
            assertThat(group.get(0).content()).startsWith("@member0 @member1").contains("…\n----------\n");
            assertThat(privateAnswer.content()).isEqualTo("Echo: a short question");
            // Asked after the first group part went out, it goes once the parts already due are sent: it takes turns,
            // instead of waiting behind the other 9 (5 s at this pacing).
            assertThat(groupPartsBefore).as("taking turns: the private answer is not queued behind the group's")
                    .isLessThanOrEqualTo(5);
        }
    }
}
