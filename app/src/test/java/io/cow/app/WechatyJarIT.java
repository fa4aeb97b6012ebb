package io.cow.app;

import io.cow.testkit.openai.FakeOpenAi;
import io.cow.testkit.wechaty.PuppetPeer;
import io.cow.testkit.wechaty.PuppetPeer.Sent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code cow.jar} with {@code channel: wechaty} against the real Wechaty puppet service from npm and a fake OpenAI API. */
class WechatyJarIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TOKEN = "insecure_jar-it-token-0815";

    @TempDir
    Path work;

    private final FakeOpenAi fake = FakeOpenAi.start();
    private PuppetPeer peer;

    @BeforeAll
    static void requireThePeer() {
        var reason = PuppetPeer.unavailableReason();
        assumeTrue(reason.isEmpty(), () -> "skipped: the real Wechaty puppet service cannot run here: " + reason.orElse(""));
    }

    @AfterEach
    void stop() {
        if (peer != null) {
            peer.close();
        }
        fake.close();
    }

    private Map<String, String> env(String token) {
        Map<String, String> env = new HashMap<>();
        env.put("OPENAI_API_KEY", "sk-test");
        env.put("OPENAI_BASE_URL", fake.baseUrl());
        env.put("CHATGPT_TRIGGER_KEYWORD", "Hi bot:");
        env.put("COW_CHANNEL", "wechaty");
        env.put("COW_DATA_DIR", work.resolve("data").toString());
        env.put("WECHATY_PUPPET_SERVICE_TOKEN", token);
        env.put("WECHATY_PUPPET_SERVICE_ENDPOINT", peer.endpoint());
        env.put("WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT", "true");
        env.put("COW_WECHATY_RECONNECT_DELAY", "200ms");
        env.put("COW_WECHATY_RECONNECT_MAX_DELAY", "400ms");
        return env;
    }

    private void startPeer() {
        peer = PuppetPeer.start(new PuppetPeer.Options(PuppetPeer.freePort(), TOKEN, false, true, work.resolve("home")));
        peer.self("bot", "Bot").contact("alice", "Alice").room("team@chatroom", "Team", List.of("bot", "alice"));
    }

    @Test
    void theJarOnChannelWechatyConnectsAndAnswersPrivateAndGroupMessages() {
        startPeer();
        try (RunningCow cow = RunningCow.start(work, env(TOKEN))) {
            cow.awaitOutput("🎯 Trigger keyword in group chat is: @Bot Hi bot:", WAIT);

            peer.say("alice", "bot", "Hi bot: hello");
            assertThat(peer.awaitSent(1, WAIT)).containsExactly(new Sent("alice", "Echo: hello", List.of()));
            peer.say("alice", "team@chatroom", "@Bot Hi bot: and the group?", "bot");
            assertThat(peer.awaitSent(2, WAIT).get(1))
                    .isEqualTo(new Sent("team@chatroom", "and the group?\n----------\nEcho: and the group?", List.of("alice")));

            assertThat(cow.stop()).as("exit code after SIGTERM").isIn(0, 143);
            assertThat(cow.output()).contains("Connected to the Wechaty puppet service at " + peer.endpoint())
                    .contains("Logged in to wechaty as Bot")
                    .doesNotContain(TOKEN);
            assertThat(peer.calls("stop")).as("the puppet is stopped when the bot stops").hasSize(1);
        }
    }

    @Test
    void aWrongTokenIsLoggedClearlyWithTheTokenRedacted() {
        startPeer();
        String wrong = "insecure_wrong-jar-token-4242";
        try (RunningCow cow = RunningCow.start(work, env(wrong))) {
            peer.awaitCalls("event", 3, WAIT);
            cow.awaitOutput("trying again in", WAIT);
            assertThat(cow.stop()).as("exit code after SIGTERM").isIn(0, 143);
            String output = cow.output();
            assertThat(output).contains("the service rejected the token (UNAUTHENTICATED: Invalid Wechaty TOKEN \"[REDACTED]\")")
                    .doesNotContain(wrong)
                    .doesNotContain("\tat ");
        }
    }
}
