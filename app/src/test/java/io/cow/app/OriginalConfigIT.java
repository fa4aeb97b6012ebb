package io.cow.app;

import io.cow.testkit.openai.FakeOpenAi;
import io.cow.testkit.openai.RecordedRequest;
import io.cow.testkit.web.SentMessage;
import io.cow.testkit.web.SimContact;
import io.cow.testkit.web.SimGroup;
import io.cow.testkit.web.SimulatorOptions;
import io.cow.testkit.web.WebWeChatSimulator;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A config.yaml written for the original TypeScript bot (its three keys, nothing else) starts the bot: the
 * default channel, the key and organization from the file, the keyword from the file. The environment only
 * points the hosts at loopback (the model API at a fake, web WeChat at the simulator), which no test may leave
 * at the real services.
 */
class OriginalConfigIT {

    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final String ORIGINAL_CONFIG = """
            openaiApiKey: "sk-original-config-0123456789"
            openaiOrganizationID: "org-original"
            chatgptTriggerKeyword: "Hi bot:"
            """;

    @AutoClose
    private final WebWeChatSimulator sim = WebWeChatSimulator.start(SimulatorOptions.defaults()
            .selfNickName("Botty").syncCheckHold(Duration.ofSeconds(1)).loginPollHold(Duration.ofMillis(300)));
    @AutoClose
    private final FakeOpenAi fake = FakeOpenAi.start().requireApiKey("sk-original-config-0123456789");

    @TempDir
    Path work;

    @Test
    void theOriginalsThreeKeyConfigStartsTheBot() throws Exception {
        Files.writeString(work.resolve("config.yaml"), ORIGINAL_CONFIG);
        SimContact alice = sim.addFriend("Alice");
        SimGroup team = sim.addGroup("Team", alice);
        Map<String, String> loopbackOnly = Map.of(
                "OPENAI_BASE_URL", fake.baseUrl(),
                "COW_WEB_ENDPOINT", sim.baseUrl(),
                "COW_DATA_DIR", work.resolve("data").toString());

        try (CowProcess.Running cow = CowProcess.startJar(work, loopbackOnly)) {
            cow.awaitOutput("Starting channel web", WAIT);
            sim.scanAndConfirm(WAIT);
            cow.awaitOutput("🎯 Trigger keyword in group chat is: @Botty Hi bot:", WAIT);
            sim.awaitPolling(WAIT);
            // The message that must stay unanswered goes first: a chat's messages are handled in order, so it
            // was decided before the reply to the next one was sent.
            sim.sendText(alice, "hello without the keyword");
            sim.sendText(alice, "Hi bot: hello");
            sim.sendGroupText(team, alice, "@Botty Hi bot: and in the group");
            sim.awaitSent(2, WAIT);

            assertThat(sim.sentTo(alice)).extracting(SentMessage::content).containsExactly("Echo: hello");
            assertThat(sim.sentTo(team)).extracting(SentMessage::content)
                    .containsExactly("and in the group\n----------\nEcho: and in the group");
            assertThat(cow.output()).contains("🎯 Trigger keyword in private chat is: Hi bot:")
                    .doesNotContain("Configuration error").doesNotContain("is not used by this version").doesNotContain("is not a key");
            List<RecordedRequest> requests = fake.requests();
            assertThat(requests).isNotEmpty().allSatisfy(r -> {
                assertThat(r.header("authorization")).isEqualTo("Bearer sk-original-config-0123456789");
                assertThat(r.header("openai-organization")).isEqualTo("org-original");
            });
        }
    }
}
