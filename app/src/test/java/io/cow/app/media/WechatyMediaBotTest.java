package io.cow.app.media;

import io.cow.app.BotAssembly;
import io.cow.app.Startup;
import io.cow.app.store.SqliteStore;
import io.cow.app.store.StoreOptions;
import io.cow.app.web.MediaSamples;
import io.cow.core.pipeline.Bot;
import io.cow.testkit.openai.FakeOpenAi;
import io.cow.testkit.wechaty.PuppetPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Pictures, voice and drawings on Wechaty (issue 17), through the whole bot against the real puppet service from npm
 * (its mock puppet): files go as file boxes, inline below 20 KB and through the Download stream above.
 */
class WechatyMediaBotTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TOKEN = "insecure_media-token";

    private final FakeOpenAi fake = FakeOpenAi.start();
    private PuppetPeer peer;
    private Bot bot;

    @TempDir
    Path work;

    @BeforeAll
    static void requireThePeer() {
        var reason = PuppetPeer.unavailableReason();
        assumeTrue(reason.isEmpty(), () -> "skipped: the real Wechaty puppet service cannot run here: " + reason.orElse(""));
    }

    @BeforeEach
    void startPeer() {
        peer = PuppetPeer.start(new PuppetPeer.Options(PuppetPeer.freePort(), TOKEN, false, false, work.resolve("home")));
        peer.self("bot", "Bot").contact("alice", "Alice").room("team@chatroom", "Team", List.of("bot", "alice"));
    }

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
        peer.close();
        fake.close();
    }

    private void start() {
        try {
            java.nio.file.Files.createDirectories(work.resolve("data"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Map<String, String> env = new HashMap<>();
        env.put("OPENAI_API_KEY", "sk-test");
        env.put("OPENAI_BASE_URL", fake.baseUrl());
        env.put("CHATGPT_TRIGGER_KEYWORD", "Hi bot:");
        env.put("COW_CHANNEL", "wechaty");
        env.put("COW_DATA_DIR", work.resolve("data").toString());
        env.put("COW_MODEL_SELF_TEST", "false");
        env.put("WECHATY_PUPPET_SERVICE_TOKEN", TOKEN);
        env.put("WECHATY_PUPPET_SERVICE_ENDPOINT", peer.endpoint());
        env.put("WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT", "true");
        Map<String, Object> overrides = new HashMap<>();
        overrides.put("models", List.of(
                Map.of("name", "whisper", "provider", "openai", "model", "whisper-1", "baseUrl", fake.baseUrl(), "apiKey", "sk-voice"),
                Map.of("name", "painter", "provider", "openai", "model", "gpt-image-1", "baseUrl", fake.baseUrl(), "apiKey", "sk-draw")));
        overrides.put("voice.profile", "whisper");
        overrides.put("draw.profile", "painter");
        Startup startup = Startup.load(null, env, overrides);
        Clock clock = Clock.systemDefaultZone();
        Path data = work.resolve("data");
        SqliteStore store = SqliteStore.open(data, StoreOptions.from(startup.settings()), clock);
        bot = BotAssembly.assemble(startup, startup.configure(), data, clock, null, store);
        bot.start();
        io.cow.testkit.await.Await.until("logged in", WAIT,
                () -> bot.logins().all().stream().anyMatch(s -> s.status().name().equals("LOGGED_IN")));
    }

    @Test
    void aVoiceMessageIsTranscribedAndAnswered() {
        fake.transcribeAs("tell me a joke");
        start();
        byte[] voice = MediaSamples.silk(50);
        peer.sayFile("alice", "bot", "voice.silk", voice);
        PuppetPeer.Sent reply = peer.awaitSent(1, WAIT).get(0);
        assertThat(fake.transcriptions()).singleElement().satisfies(t -> {
            assertThat(t.audio()).isEqualTo(voice);
            assertThat(t.contentType()).isEqualTo("audio/silk");
        });
        assertThat(fake.requests().get(0).lastUserMessage()).isEqualTo("tell me a joke");
        assertThat(reply.text()).startsWith("🎤 tell me a joke");
    }

    @Test
    void aDrawingIsSentAsAFileBoxWithTheBytesTheImageApiReturned() throws Exception {
        byte[] drawn = MediaSamples.png(9, 120, 120);
        fake.drawWith(drawn);
        start();
        peer.say("alice", "bot", "Hi bot: 画 一只猫");
        PuppetPeer.SentFile sent = peer.awaitSentFiles(1, WAIT).get(0);
        assertThat(fake.imageRequests()).singleElement().satisfies(r -> assertThat(r.path("prompt").asText()).isEqualTo("一只猫"));
        assertThat(sent.conversationId()).isEqualTo("alice");
        assertThat(MessageDigest.getInstance("MD5").digest(sent.data())).isEqualTo(MessageDigest.getInstance("MD5").digest(drawn));
    }

    @Test
    void smallAndLargePicturesArePairedWithTheQuestionThatFollows() throws Exception {
        start();
        byte[] small = MediaSamples.png(10);
        peer.sayFile("alice", "bot", "small.png", small);
        peer.say("alice", "bot", "Hi bot: what is this?");
        peer.awaitSent(1, WAIT);
        assertThat(fake.requests().get(0).body()).contains(Base64.getEncoder().encodeToString(small));

        // Above 20 KB the service hands out a uuid file box, read with the Download stream.
        byte[] large = MediaSamples.png(11, 150, 150);
        assertThat(large.length).isGreaterThan(20 * 1024);
        peer.sayFile("alice", "bot", "large.png", large);
        peer.say("alice", "bot", "Hi bot: and this one?");
        peer.awaitSent(2, WAIT);
        assertThat(fake.requests().get(1).body()).contains(Base64.getEncoder().encodeToString(large));
    }
}
