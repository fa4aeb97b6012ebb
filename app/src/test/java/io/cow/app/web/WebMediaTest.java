package io.cow.app.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.cow.app.BotAssembly;
import io.cow.app.Startup;
import io.cow.app.store.SqliteStore;
import io.cow.app.store.StoreOptions;
import io.cow.core.pipeline.Bot;
import io.cow.testkit.await.Await;
import io.cow.testkit.logging.LogCapture;
import io.cow.testkit.openai.FakeOpenAi;
import io.cow.testkit.openai.RecordedRequest;
import io.cow.testkit.web.SentMedia;
import io.cow.testkit.web.SentMessage;
import io.cow.testkit.web.SimChat;
import io.cow.testkit.web.SimContact;
import io.cow.testkit.web.SimGroup;
import io.cow.testkit.web.WebWeChatSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pictures, voice and drawings on web WeChat (issue 17), through the whole bot against the simulator's media
 * endpoints and the fake OpenAI API's chat, transcription and image endpoints.
 */
class WebMediaTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final WebWeChatSimulator sim = WebBot.simulator();
    private final FakeOpenAi fake = FakeOpenAi.start();
    private SimContact alice;
    private SimContact bob;
    private SimContact carol;
    private SimGroup team;
    private Bot bot;
    private SqliteStore store;

    @TempDir
    Path dataDir;

    @BeforeEach
    void contacts() {
        alice = sim.addFriend("Alice");
        bob = sim.addFriend("Bob");
        carol = sim.addFriend("Carol");
        team = sim.addGroup("Team", alice, bob, carol).botDisplayName("Team Bot");
    }

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
        sim.close();
        fake.close();
    }

    private void start(Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>(WebBot.env(sim, fake, dataDir));
        env.putAll(extraEnv);
        Map<String, Object> overrides = new HashMap<>();
        overrides.put("models", List.of(
                Map.of("name", "whisper", "provider", "openai", "model", "whisper-1", "baseUrl", fake.baseUrl(), "apiKey", "sk-voice"),
                Map.of("name", "painter", "provider", "openai", "model", "gpt-image-1", "baseUrl", fake.baseUrl(), "apiKey", "sk-draw")));
        overrides.put("voice.profile", "whisper");
        overrides.put("draw.profile", "painter");
        Startup startup = Startup.load(null, env, overrides);
        Clock clock = Clock.systemDefaultZone();
        store = SqliteStore.open(dataDir, StoreOptions.from(startup.settings()), clock);
        bot = BotAssembly.assemble(startup, startup.configure(), dataDir, clock, null, store);
        bot.start();
        sim.scanAndConfirm(WAIT);
        sim.awaitPolling(WAIT);
    }

    private List<String> awaitSentTo(SimChat chat, int count) {
        Await.until(count + " texts to " + chat.name(), WAIT, () -> sim.sentTo(chat).size() >= count);
        return sim.sentTo(chat).stream().map(SentMessage::content).toList();
    }

    /** The image parts ({@code image_url} data URLs) of the last user message of a chat request. */
    private static List<String> imageUrls(RecordedRequest request) {
        JsonNode messages = request.json().path("messages");
        JsonNode content = messages.get(messages.size() - 1).path("content");
        List<String> urls = new ArrayList<>();
        if (content.isArray()) {
            content.forEach(part -> {
                if (part.path("type").asText().equals("image_url")) {
                    urls.add(part.path("image_url").path("url").asText());
                }
            });
        }
        return urls;
    }

    private long mediaFiles() {
        Path media = dataDir.resolve("media");
        if (!Files.exists(media)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(media)) {
            return files.filter(Files::isRegularFile).count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aPictureThenAQuestionInAPrivateChatGoTogetherToTheModelAndNoMediaStayBehind() throws Exception {
        start(Map.of());
        byte[] picture = MediaSamples.png(1);
        sim.sendImage(alice, picture, "image/png");
        sim.sendText(alice, "Hi bot: what is in this picture?");
        List<String> answers = awaitSentTo(alice, 1);

        List<RecordedRequest> chats = fake.requests();
        assertThat(chats).hasSize(1);
        assertThat(imageUrls(chats.get(0))).containsExactly("data:image/png;base64," + Base64.getEncoder().encodeToString(picture));
        assertThat(chats.get(0).lastUserMessage()).contains("what is in this picture?");
        assertThat(answers.get(0)).contains("what is in this picture?");
        assertThat(sim.requests("webwxgetmsgimg")).singleElement()
                .satisfies(r -> assertThat(r.query().get("type")).containsExactly("big"));
        Await.until("no media left in the data folder", WAIT, () -> mediaFiles() == 0);
    }

    @Test
    void inAGroupAPictureGoesWithItsSendersQuestionAndNotWithAnotherMembers() throws Exception {
        start(Map.of());
        byte[] picture = MediaSamples.png(2);
        sim.sendGroupImage(team, bob, picture, "image/png");
        sim.sendGroupText(team, carol, "@Team Bot\u2005Hi bot: what do you think?");
        awaitSentTo(team, 1);
        assertThat(imageUrls(fake.requests().get(0))).isEmpty();

        sim.sendGroupText(team, bob, "@Team Bot\u2005Hi bot: describe it");
        awaitSentTo(team, 2);
        RecordedRequest bobs = fake.requests().get(1);
        assertThat(bobs.lastUserMessage()).contains("describe it");
        assertThat(imageUrls(bobs)).containsExactly("data:image/png;base64," + Base64.getEncoder().encodeToString(picture));

        // A question quoting a member's picture takes that picture, whoever asks. Members' messages are answered in
        // parallel, so the quote is written once the picture is in (as in a chat, where it is seen before it is quoted).
        byte[] second = MediaSamples.png(12);
        try (LogCapture log = LogCapture.capture()) {
            sim.sendGroupImage(team, bob, second, "image/png");
            log.awaitContaining("Picture from Bob in group Team", WAIT);
        }
        sim.sendGroupText(team, carol, "「Bob：[图片]」\n- - - - - - - - - - - - - - -\n@Team Bot\u2005Hi bot: is this a cat?");
        awaitSentTo(team, 3);
        assertThat(imageUrls(fake.requests().get(2))).containsExactly("data:image/png;base64," + Base64.getEncoder().encodeToString(second));
    }

    @Test
    void aVoiceMessageIsTranscribedAndItsTextAnsweredShowingWhatWasHeard() throws Exception {
        fake.transcribeAs("what time is it in Beijing");
        start(Map.of());
        byte[] voice = MediaSamples.mp3(20);
        sim.sendVoice(alice, voice, 2000);
        List<String> answers = awaitSentTo(alice, 1);

        assertThat(fake.transcriptions()).singleElement().satisfies(t -> {
            assertThat(t.audio()).isEqualTo(voice);
            assertThat(t.model()).isEqualTo("whisper-1");
            assertThat(t.contentType()).isEqualTo("audio/mpeg");
        });
        assertThat(fake.requests().get(0).lastUserMessage()).isEqualTo("what time is it in Beijing");
        assertThat(answers.get(0)).startsWith("🎤 what time is it in Beijing");
        Await.until("the transcription in the usage rows", WAIT, () -> usage("whisper") != null);
        assertThat(usage("whisper").requests()).isEqualTo(1);
        Await.until("no media left in the data folder", WAIT, () -> mediaFiles() == 0);
    }

    @Test
    void drawingAskTheImageModelAndSendThePictureUploadedWithItsMd5() throws Exception {
        byte[] drawn = MediaSamples.png(3);
        fake.drawWith(drawn);
        start(Map.of());
        sim.sendText(alice, "Hi bot: 画 一只猫");
        SentMedia sent = sim.awaitSentMedia(1, WAIT).get(0);

        assertThat(fake.imageRequests()).singleElement().satisfies(r -> {
            assertThat(r.path("prompt").asText()).isEqualTo("一只猫");
            assertThat(r.path("model").asText()).isEqualTo("gpt-image-1");
        });
        assertThat(sent.msgType()).isEqualTo(3);
        assertThat(sent.chat()).isEqualTo(alice);
        assertThat(MessageDigest.getInstance("MD5").digest(sent.data())).isEqualTo(MessageDigest.getInstance("MD5").digest(drawn));
        assertThat(fake.requests()).isEmpty();
        Await.until("the drawing in the usage rows", WAIT, () -> usage("painter") != null);
        assertThat(usage("painter").requests()).isEqualTo(1);
    }

    /** Alice's usage row of today for this profile, or null. */
    private io.cow.core.store.DailyUsage usage(String profile) {
        java.time.LocalDate today = java.time.LocalDate.now();
        return store.usage().daily(today.minusDays(1), today.plusDays(1)).stream()
                .filter(u -> u.model().equals(profile)).findFirst().orElse(null);
    }

    @Test
    void aLongAnswerGoesAsATextFileWhenConfigured() {
        String answer = "第一行 line one\n" + "x".repeat(300);
        fake.answerWith(answer);
        start(Map.of("COW_REPLY_LONG_AS_FILE_ABOVE", "100"));
        sim.sendText(alice, "Hi bot: tell me everything");
        SentMedia file = sim.awaitSentMedia(1, WAIT).get(0);
        assertThat(file.msgType()).isEqualTo(6);
        assertThat(file.fileName()).isEqualTo("answer.txt");
        assertThat(new String(file.data(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(answer);
        assertThat(awaitSentTo(alice, 1).get(0)).contains("answer.txt");

        fake.answerWith("ok");
        sim.sendText(alice, "Hi bot: short");
        assertThat(awaitSentTo(alice, 2).get(1)).isEqualTo("ok");
        assertThat(sim.sentMedia()).hasSize(1);
    }

    @Test
    void aFailedDrawingGetsAClearText() {
        fake.failImages(new io.cow.testkit.openai.Fault.Status(400, "invalid_request_error", "content_policy_violation",
                "Your request was rejected by the safety system.", null));
        start(Map.of());
        sim.sendText(alice, "Hi bot: draw a cat");
        assertThat(awaitSentTo(alice, 1).get(0)).contains("Could not draw").contains("safety system");
        assertThat(sim.sentMedia()).isEmpty();
    }

    @Test
    void anOversizedPictureACorruptOneAndAnUnknownFileAreSkippedWithOneLineEachAndTheNextMessageIsAnswered() throws Exception {
        try (LogCapture log = LogCapture.capture()) {
            start(Map.of("COW_MEDIA_MAX_BYTES_IMAGE", "5000"));
            byte[] big = new byte[6000];
            System.arraycopy(MediaSamples.png(4), 0, big, 0, 8);
            sim.sendImage(alice, big, "image/png");
            byte[] corrupt = new byte[300];
            new Random(5).nextBytes(corrupt);
            sim.sendImage(bob, corrupt, "image/jpeg");
            byte[] unknown = new byte[200];
            new Random(6).nextBytes(unknown);
            sim.sendFile(carol, "notes.xyz", unknown);
            sim.sendText(alice, "Hi bot: still there?");
            assertThat(awaitSentTo(alice, 1).get(0)).contains("still there?");

            log.awaitContaining("Skipped the picture from Alice: too large", WAIT);
            log.awaitContaining("Skipped the picture from Bob: corrupt picture", WAIT);
            log.awaitContaining("Skipped the file from Carol: unknown file type", WAIT);
            assertThat(imageUrls(fake.requests().get(0))).isEmpty();
            Await.until("no media left in the data folder", WAIT, () -> mediaFiles() == 0);
        }
    }
}
