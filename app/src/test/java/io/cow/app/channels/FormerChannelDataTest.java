package io.cow.app.channels;

import io.cow.app.store.SqliteStore;
import io.cow.app.store.StoreOptions;
import io.cow.core.store.DailyUsage;
import io.cow.testkit.await.Await;
import io.cow.testkit.logging.LogCapture;
import io.cow.testkit.openai.FakeOpenAi;
import io.cow.testkit.openai.RecordedRequest;
import io.cow.testkit.web.SentMessage;
import io.cow.testkit.web.SimContact;
import io.cow.testkit.web.SimulatorOptions;
import io.cow.testkit.web.WebWeChatSimulator;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A data folder written by a single-channel bot keeps working when its configuration names channel instances: with
 * the single-channel shorthand nothing changes, and as a named instance of a {@code channels:} list the web account
 * takes over the login, the conversations and the usage, with no new QR scan.
 */
class FormerChannelDataTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @AutoClose
    private final WebWeChatSimulator sim = WebWeChatSimulator.start(SimulatorOptions.defaults()
            .selfNickName("Botty").syncCheckHold(Duration.ofMillis(500)).loginPollHold(Duration.ofMillis(200)));
    @AutoClose
    private final FakeOpenAi model = FakeOpenAi.start();

    @TempDir
    Path dir;

    private String shared() {
        return """
                openaiApiKey: sk-former-0123456789
                model:
                  baseUrl: %s
                  selfTest: false
                chatgptTriggerKeyword: "Hi bot:"
                dataDir: %s
                web:
                  endpoint: %s
                  longPollTimeout: 10s
                  retryDelay: 20ms
                  retryMaxDelay: 200ms
                  sendInterval: 0s
                """.formatted(model.baseUrl(), dir.resolve("data"), sim.baseUrl());
    }

    @Test
    void theSingleChannelsLoginMemoryAndUsageCarryOverToTheNamedInstance() throws Exception {
        SimContact alice = sim.addFriend("Alice");
        try (ConfiguredBot bot = ConfiguredBot.start(dir, shared())) {
            sim.scanAndConfirm(WAIT);
            sim.awaitPolling(WAIT);
            sim.sendText(alice, "Hi bot: remember apples");
            awaitSent(alice, 1);
        }

        try (LogCapture log = LogCapture.capture(); ConfiguredBot bot = ConfiguredBot.start(dir, shared() + "channel: web\n")) {
            log.awaitContaining("Resumed the saved web WeChat session", WAIT);
            sim.awaitPolling(WAIT);
            sim.sendText(alice, "Hi bot: which fruit?");
            awaitSent(alice, 2);
        }
        assertThat(history("which fruit?")).contains("remember apples");

        String instances = """
                channels:
                  - name: groups
                    type: web
                """;
        try (LogCapture log = LogCapture.capture(); ConfiguredBot bot = ConfiguredBot.start(dir, shared() + instances)) {
            log.awaitContaining("Channel instance groups takes over the login, conversations and usage", WAIT);
            log.awaitContaining("Resumed the saved web WeChat session", WAIT);
            sim.awaitPolling(WAIT);
            sim.sendText(alice, "Hi bot: and now?");
            awaitSent(alice, 3);
            assertThat(bot.bot.account("groups")).isPresent();
        }
        assertThat(history("and now?")).contains("remember apples", "which fruit?");
        assertThat(sim.qrUuids()).as("no new QR scan").hasSize(1);

        try (SqliteStore store = SqliteStore.open(dir.resolve("data"), StoreOptions.defaults(), Clock.systemDefaultZone())) {
            List<DailyUsage> usage = store.usage().daily(LocalDate.now().minusDays(1), LocalDate.now().plusDays(1));
            assertThat(usage).isNotEmpty().extracting(DailyUsage::channel).containsOnly("groups");
            assertThat(store.channelState().get("groups", "session")).isPresent();
            assertThat(store.channelState().get("web", "session")).isEmpty();
            assertThat(store.renameChannel("web", "groups")).as("nothing is left to move").isFalse();
        }
    }

    private void awaitSent(SimContact to, int count) {
        Await.until(count + " answers", WAIT, () -> sim.sentTo(to).size() >= count);
        assertThat(sim.sentTo(to)).extracting(SentMessage::content).hasSize(count);
    }

    private String history(String question) {
        RecordedRequest asked = model.requests().stream().filter(r -> r.lastUserMessage().equals(question)).findFirst().orElseThrow();
        return String.join("\n", asked.messages().stream().map(RecordedRequest.Message::content).toList());
    }
}
