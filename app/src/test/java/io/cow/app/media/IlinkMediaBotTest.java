package io.cow.app.media;

import io.cow.app.BotAssembly;
import io.cow.app.Startup;
import io.cow.app.store.SqliteStore;
import io.cow.app.store.StoreOptions;
import io.cow.core.pipeline.Bot;
import io.cow.testkit.await.Await;
import io.cow.testkit.ilink.IlinkSimulator;
import io.cow.testkit.ilink.KeyVariant;
import io.cow.testkit.ilink.QrCode;
import io.cow.testkit.ilink.SentMessage;
import io.cow.testkit.openai.FakeOpenAi;
import org.junit.jupiter.api.AfterEach;
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

/** Pictures, voice and drawings on iLink (issue 17), through the whole bot against the iLink simulator's CDN. */
class IlinkMediaBotTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String USER = "o9cq80z1alice@im.wechat";

    private final IlinkSimulator sim = IlinkSimulator.start().holdTime(Duration.ofSeconds(5)).qrStatusHold(Duration.ofSeconds(1));
    private final FakeOpenAi fake = FakeOpenAi.start();
    private Bot bot;

    @TempDir
    Path dataDir;

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
        sim.close();
        fake.close();
    }

    private void start() {
        Map<String, String> env = new HashMap<>();
        env.put("OPENAI_API_KEY", "sk-test");
        env.put("OPENAI_BASE_URL", fake.baseUrl());
        env.put("COW_CHANNEL", "ilink");
        env.put("COW_DATA_DIR", dataDir.toString());
        env.put("COW_MODEL_SELF_TEST", "false");
        env.put("COW_ILINK_BASE_URL", sim.baseUrl());
        env.put("COW_ILINK_CDN_BASE_URL", sim.cdnBaseUrl());
        env.put("COW_ILINK_QR_POLL_INTERVAL", "50ms");
        env.put("COW_ILINK_SEND_INTERVAL", "0ms");
        Map<String, Object> overrides = new HashMap<>();
        overrides.put("models", List.of(
                Map.of("name", "whisper", "provider", "openai", "model", "whisper-1", "baseUrl", fake.baseUrl(), "apiKey", "sk-voice"),
                Map.of("name", "painter", "provider", "openai", "model", "gpt-image-1", "baseUrl", fake.baseUrl(), "apiKey", "sk-draw")));
        overrides.put("voice.profile", "whisper");
        overrides.put("draw.profile", "painter");
        Startup startup = Startup.load(null, env, overrides);
        Clock clock = Clock.systemDefaultZone();
        SqliteStore store = SqliteStore.open(dataDir, StoreOptions.from(startup.settings()), clock);
        bot = BotAssembly.assemble(startup, startup.configure(), dataDir, clock, null, store);
        bot.start();
        QrCode qr = sim.awaitQrCode(1, WAIT);
        sim.scanAndConfirm(qr.imageContent(), USER);
        Await.until("logged in", WAIT, () -> bot.logins().all().stream().anyMatch(s -> s.status().name().equals("LOGGED_IN")));
    }

    @Test
    void aVoiceNoteWithTheServersTranscriptIsAnsweredWithoutTheTranscriptionEndpoint() {
        fake.transcribeAs("never asked");
        start();
        sim.sendVoice(USER, "how far is the moon");
        SentMessage reply = sim.awaitSent(1, WAIT).get(0);
        assertThat(reply.text()).startsWith("🎤 how far is the moon");
        assertThat(fake.requests().get(0).lastUserMessage()).isEqualTo("how far is the moon");
        assertThat(fake.transcriptions()).isEmpty();
    }

    @Test
    void aDrawingIsUploadedToTheCdnAndSentAsAnImage() throws Exception {
        byte[] drawn = io.cow.app.web.MediaSamples.png(7);
        fake.drawWith(drawn);
        start();
        sim.sendText(USER, "画 一只猫");
        SentMessage sent = sim.awaitSent(1, WAIT).get(0);
        assertThat(fake.imageRequests()).singleElement().satisfies(r -> assertThat(r.path("prompt").asText()).isEqualTo("一只猫"));
        assertThat(sent.itemType()).isEqualTo(2);
        assertThat(MessageDigest.getInstance("MD5").digest(sent.media())).isEqualTo(MessageDigest.getInstance("MD5").digest(drawn));
        assertThat(sim.rejections()).isEmpty();
    }

    @Test
    void aPictureThenAQuestionAreAskedTogether() throws Exception {
        start();
        byte[] picture = io.cow.app.web.MediaSamples.png(8);
        sim.sendImage(USER, picture, KeyVariant.IMAGE_AESKEY_HEX);
        sim.sendText(USER, "what is this?");
        sim.awaitSent(1, WAIT);
        String request = fake.requests().get(0).body();
        assertThat(request).contains("data:image/png;base64," + Base64.getEncoder().encodeToString(picture));
        assertThat(fake.requests().get(0).lastUserMessage()).contains("what is this?");
    }
}
