package io.cow.app.web;

import io.cow.testkit.await.Await;
import io.cow.testkit.logging.LogCapture;
import io.cow.testkit.openai.FakeOpenAi;
import io.cow.testkit.store.MutableClock;
import io.cow.testkit.web.SentMessage;
import io.cow.testkit.web.SimContact;
import io.cow.testkit.web.WebWeChatSimulator;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The account-safety governor on the web channel against the simulator, on a clock the test moves: the budget per
 * minute, and the pause after WeChat's 1205.
 */
class GovernorEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @AutoClose
    private final WebWeChatSimulator sim = WebBot.simulator();
    @AutoClose
    private final FakeOpenAi fake = FakeOpenAi.start();
    private final MutableClock clock = MutableClock.startingNow();

    @TempDir
    Path dataDir;

    private WebBot loggedIn(Map<String, String> more) {
        Map<String, String> env = new HashMap<>(WebBot.env(sim, fake, dataDir));
        env.putAll(more);
        WebBot bot = WebBot.start(env, dataDir, clock);
        sim.scanAndConfirm(WAIT);
        sim.awaitPolling(WAIT);
        return bot;
    }

    private void awaitSent(int count) {
        Await.until(count + " texts sent", WAIT, () -> sim.sent().size() >= count);
    }

    @Test
    void withTenSendsAMinuteThirtyAnswersGoTenAMinuteAllInOrder() {
        List<SimContact> contacts = List.of(sim.addFriend("Alice"), sim.addFriend("Bob"), sim.addFriend("Carol"));
        try (WebBot bot = loggedIn(Map.of("COW_GOVERNOR_SENDS_PER_MINUTE", "10"))) {
            for (int i = 1; i <= 30; i++) {
                sim.sendText(contacts.get(i % 3), "Hi bot: q" + i);
            }
            for (int minute = 1; minute <= 3; minute++) {
                int upTo = minute * 10;
                awaitSent(upTo);
                if (minute < 3) {
                    // Every answer is in the queue before the clock moves: only the budget holds them back.
                    Await.until("all 30 questions answered by the model", WAIT, () -> fake.requests().size() == 30);
                    assertThat(sim.sent()).as("minute " + minute).hasSize(upTo);
                    clock.advance(Duration.ofMinutes(1));
                }
            }
            for (SimContact contact : contacts) {
                List<String> expected = new ArrayList<>();
                for (int i = 1; i <= 30; i++) {
                    if (contacts.get(i % 3) == contact) {
                        expected.add("Echo: q" + i);
                    }
                }
                assertThat(sim.sentTo(contact)).extracting(SentMessage::content).containsExactlyElementsOf(expected);
            }
        }
    }

    @Test
    void wechatsTooFrequentPausesAllSendingThenItResumes() {
        SimContact alice = sim.addFriend("Alice");
        SimContact bob = sim.addFriend("Bob");
        try (LogCapture log = LogCapture.capture(); WebBot bot = loggedIn(Map.of("COW_GOVERNOR_RISK_PAUSE", "5m"))) {
            sim.faults().ret("webwxsendmsg", 1205, 1);
            sim.sendText(alice, "Hi bot: first");
            log.awaitContaining("all its sending pauses for 5 min", WAIT);
            sim.sendText(bob, "Hi bot: second");
            Await.until("both questions answered by the model", WAIT, () -> fake.requests().size() == 2);
            assertThat(sim.requests("webwxsendmsg")).as("the refused send only").hasSize(1);
            assertThat(sim.sent()).isEmpty();

            clock.advance(Duration.ofMinutes(5));
            awaitSent(2);
            assertThat(sim.sentTo(alice)).extracting(SentMessage::content).containsExactly("Echo: first");
            assertThat(sim.sentTo(bob)).extracting(SentMessage::content).containsExactly("Echo: second");
        }
    }
}
