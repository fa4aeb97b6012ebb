package io.cow.app.web;

import io.cow.app.store.SqliteStore;
import io.cow.app.store.StoreOptions;
import io.cow.testkit.await.Await;
import io.cow.testkit.logging.LogCapture;
import io.cow.testkit.openai.FakeOpenAi;
import io.cow.testkit.qr.QrDecoding;
import io.cow.testkit.web.SentMessage;
import io.cow.testkit.web.SimContact;
import io.cow.testkit.web.SimGroup;
import io.cow.testkit.web.WebWeChatSimulator;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 3's "done when" list, each against the web WeChat simulator and the fake model, through the whole bot
 * as the application wires it on its default channel.
 */
class WebBotEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @AutoClose
    private final WebWeChatSimulator sim = WebBot.simulator();
    @AutoClose
    private final FakeOpenAi fake = FakeOpenAi.start();
    private SimContact alice;
    private SimContact bob;
    private SimGroup team;

    @TempDir
    Path dataDir;

    @BeforeEach
    void contacts() {
        alice = sim.addFriend("Alice");
        bob = sim.addStranger("Bob");
        team = sim.addGroup("Team", alice, bob).botDisplayName("Team Bot");
    }

    private WebBot loggedIn() {
        WebBot bot = WebBot.start(sim, fake, dataDir);
        sim.scanAndConfirm(WAIT);
        sim.awaitPolling(WAIT);
        return bot;
    }

    private List<String> sentTo(io.cow.testkit.web.SimChat chat) {
        return sim.sentTo(chat).stream().map(SentMessage::content).toList();
    }

    /** Waits until this many texts went to the chat, and returns them. */
    private List<String> awaitSentTo(io.cow.testkit.web.SimChat chat, int count) {
        Await.until(count + " texts to " + chat.name(), WAIT, () -> sim.sentTo(chat).size() >= count);
        return sentTo(chat);
    }

    @Test
    void aFreshStartPrintsAQrCodeThatHoldsTheLoginUrlAndTheLoginLogsTheTriggers() throws Exception {
        try (LogCapture log = LogCapture.capture(); WebBot bot = WebBot.start(sim, fake, dataDir)) {
            String uuid = sim.awaitQrUuid(WAIT);
            String url = "https://login.weixin.qq.com/l/" + uuid;
            log.awaitContaining(url, WAIT);
            Path png = dataDir.resolve("qr.png");

            assertThat(QrDecoding.decodePng(png)).isEqualTo(url);
            assertThat(QrDecoding.decodeTerminalArt(log.text())).isEqualTo(url);
            assertThat(log.text().lines()).contains(url);
            assertThat(QrDecoding.lastArtBlock(log.text())).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));

            sim.scan(uuid);
            sim.confirm(uuid);
            log.awaitContaining("🎯 Trigger keyword in group chat is: @Botty Hi bot:", WAIT);
            assertThat(log.text()).contains("🎯 Trigger keyword in private chat is: Hi bot:");
            assertThat(bot.bot.account()).hasValueSatisfying(a -> assertThat(a.name()).isEqualTo("Botty"));
        }
    }

    @Test
    void privateMessagesWithTheKeywordAreAnsweredAndOthersAreNot() {
        try (WebBot bot = loggedIn()) {
            sim.sendText(alice, "Hi bot: hello");
            sim.sendText(alice, "hello without keyword");
            sim.sendText(alice, "Hi bot: marker");

            assertThat(awaitSentTo(alice, 2)).containsExactly("Echo: hello", "Echo: marker");
            assertThat(fake.requests()).extracting(r -> r.lastUserMessage()).containsExactly("hello", "marker");
        }
    }

    @Test
    void groupMessagesThatMentionTheBotGetTheQuotedAnswer() {
        try (WebBot bot = loggedIn()) {
            sim.sendGroupText(team, bob, "@Team Bot\u2005Hi bot: q1");
            sim.sendGroupText(team, bob, "@Team Bot Hi bot: q2");
            sim.sendGroupText(team, alice, "@Botty\u2005Hi bot: q3");
            sim.sendGroupText(team, alice, "Hi bot: no mention");
            sim.sendGroupText(team, bob, "@Team Bot\u2005Hi bot: marker");

            // Each member's questions are answered in order; members do not wait for each other.
            List<String> answers = awaitSentTo(team, 4);
            assertThat(answers).containsExactlyInAnyOrder(
                    "q1\n----------\nEcho: q1",
                    "q2\n----------\nEcho: q2",
                    "q3\n----------\nEcho: q3",
                    "marker\n----------\nEcho: marker");
            assertThat(answers.stream().filter(a -> !a.startsWith("q3")).toList())
                    .containsExactly("q1\n----------\nEcho: q1", "q2\n----------\nEcho: q2", "marker\n----------\nEcho: marker");
            assertThat(sentTo(alice)).isEmpty();
        }
    }

    @Test
    void aLongAnswerArrivesAsThreeMessagesInOrder() {
        StringBuilder answer = new StringBuilder();
        for (int i = 0; answer.length() < 1200; i++) {
            answer.append((char) ('a' + i % 26));
        }
        fake.answerWith(answer.toString());
        try (WebBot bot = loggedIn()) {
            sim.sendText(alice, "Hi bot: tell me a lot");

            List<String> parts = awaitSentTo(alice, 3);
            bot.bot.awaitIdle(WAIT);
            assertThat(sentTo(alice)).hasSize(3);
            assertThat(parts).extracting(String::length).containsExactly(500, 500, 200);
            assertThat(String.join("", parts)).isEqualTo(answer.toString());
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anExpiredQrCodeIsReplacedAndTheLoginStillSucceeds() throws Exception {
        try (LogCapture log = LogCapture.capture(); WebBot bot = WebBot.start(sim, fake, dataDir)) {
            String first = sim.awaitQrUuid(WAIT);
            log.awaitContaining("https://login.weixin.qq.com/l/" + first, WAIT);
            sim.expire(first);

            String second = Await.value("a second QR uuid", WAIT, () -> {
                String uuid = sim.awaitQrUuid(WAIT);
                return uuid.equals(first) ? null : uuid;
            });
            String url = "https://login.weixin.qq.com/l/" + second;
            log.awaitContaining(url, WAIT);
            Await.until("qr.png holds the new QR code", WAIT, () -> decodes(dataDir.resolve("qr.png"), url));
            assertThat(QrDecoding.decodeTerminalArt(log.text())).isEqualTo(url);

            sim.scan(second);
            sim.confirm(second);
            sim.awaitPolling(WAIT);
            sim.sendText(alice, "Hi bot: after expiry");
            assertThat(awaitSentTo(alice, 1)).containsExactly("Echo: after expiry");
        }
    }

    private static boolean decodes(Path png, String url) {
        try {
            return url.equals(QrDecoding.decodePng(png));
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void pollFaultsAreSurvivedWithoutANewLoginAndNothingIsLostOrAnsweredTwice() {
        try (WebBot bot = loggedIn()) {
            sim.faults().synccheckHttpStatus(503, 2).dropSynccheck(2).httpStatus("webwxsync", 500, 1).dropSynccheck(1);
            for (int i = 1; i <= 5; i++) {
                sim.sendText(alice, "Hi bot: m" + i);
            }

            assertThat(awaitSentTo(alice, 5)).containsExactly("Echo: m1", "Echo: m2", "Echo: m3", "Echo: m4", "Echo: m5");
            sim.sendText(alice, "Hi bot: marker");
            assertThat(awaitSentTo(alice, 6)).hasSize(6).last().isEqualTo("Echo: marker");
            assertThat(sim.faults().pending("synccheck")).isZero();
            assertThat(sim.sessionsCreated()).isEqualTo(1);
            assertThat(sim.qrUuids()).hasSize(1);
        }
    }

    @Test
    void aLogoutGivesOneNewQrCodeAndAfterTheNewLoginMessagesFlowAgain() {
        try (LogCapture log = LogCapture.capture(); WebBot bot = loggedIn()) {
            sim.sendText(alice, "Hi bot: before");
            awaitSentTo(alice, 1);

            sim.logoutFromPhone(1101);

            log.awaitContaining("Logged out of web WeChat", WAIT);
            String second = Await.value("a new QR uuid", WAIT, () -> sim.qrUuids().size() >= 2 ? sim.qrUuids().get(1) : null);
            sim.scan(second);
            sim.confirm(second);
            sim.awaitPolling(WAIT);
            sim.sendText(alice, "Hi bot: after");
            assertThat(awaitSentTo(alice, 2)).containsExactly("Echo: before", "Echo: after");
            assertThat(sim.qrUuids()).hasSize(2);
            assertThat(log.text()).contains("1101");
        }
    }

    @Test
    void tooFrequentOnSendIsRetriedAfterBackingOff() {
        try (WebBot bot = loggedIn()) {
            sim.faults().sendRet(1205, 2);
            sim.sendText(alice, "Hi bot: busy?");

            assertThat(awaitSentTo(alice, 1)).containsExactly("Echo: busy?");
            assertThat(sim.requests("webwxsendmsg")).hasSize(3);
        }
    }

    @Test
    void aRestartResumesWithoutAQrCodeWhileTheSessionLivesThenFallsBackToPushLoginThenToAQrCode() {
        try (WebBot first = loggedIn()) {
            sim.sendText(alice, "Hi bot: one");
            awaitSentTo(alice, 1);
        }
        try (LogCapture log = LogCapture.capture(); WebBot second = WebBot.start(sim, fake, dataDir)) {
            log.awaitContaining("Resumed the saved web WeChat session", WAIT);
            sim.awaitPolling(WAIT);
            sim.sendText(alice, "Hi bot: two");
            assertThat(awaitSentTo(alice, 2)).containsExactly("Echo: one", "Echo: two");
            assertThat(sim.qrUuids()).hasSize(1);
        }
        sim.killSessions();
        try (WebBot third = WebBot.start(sim, fake, dataDir)) {
            sim.confirm(sim.awaitPushPrompt(WAIT));
            sim.awaitPolling(WAIT);
            sim.sendText(alice, "Hi bot: three");
            assertThat(awaitSentTo(alice, 3)).endsWith("Echo: three");
            assertThat(sim.qrUuids()).hasSize(1);
        }
        sim.killSessions();
        sim.revokePushLogin();
        try (WebBot fourth = WebBot.start(sim, fake, dataDir)) {
            Await.until("a new QR code", WAIT, () -> sim.qrUuids().size() == 2);
            sim.scanAndConfirm(WAIT);
            sim.awaitPolling(WAIT);
            sim.sendText(alice, "Hi bot: four");
            assertThat(awaitSentTo(alice, 4)).containsExactly("Echo: one", "Echo: two", "Echo: three", "Echo: four");
        }
    }

    @Test
    void acrossARestartNothingIsAnsweredTwiceWhatWasWrittenDuringItIsAndOlderMessagesAreNot() {
        try (WebBot first = loggedIn()) {
            sim.sendText(alice, "Hi bot: one");
            awaitSentTo(alice, 1);
        }
        String self = sim.selfUserName();
        sim.enqueueRaw(Map.of("FromUserName", sim.userName(alice), "ToUserName", self, "MsgType", 1,
                "Content", "Hi bot: old", "CreateTime", Instant.now().minusSeconds(120).getEpochSecond()));
        sim.sendText(alice, "Hi bot: while down");
        long sentSecond = Instant.now().getEpochSecond();
        Await.until("the clock to pass the second the message was written in", WAIT,
                () -> Instant.now().getEpochSecond() > sentSecond);
        try (WebBot second = WebBot.start(sim, fake, dataDir)) {
            sim.awaitPolling(WAIT);
            sim.sendText(alice, "Hi bot: two");

            assertThat(awaitSentTo(alice, 3)).containsExactly("Echo: one", "Echo: while down", "Echo: two");
            assertThat(fake.requests()).extracting(r -> r.lastUserMessage()).containsExactly("one", "while down", "two");
        }
    }

    @Test
    void theSessionIsKeptInTheDataFolderWithTheLatestSyncKeys() {
        try (WebBot bot = loggedIn()) {
            sim.sendText(alice, "Hi bot: one");
            awaitSentTo(alice, 1);
        }
        try (SqliteStore store = SqliteStore.open(dataDir, StoreOptions.defaults(), java.time.Clock.systemUTC())) {
            String saved = store.channelState().get("web", "session").orElseThrow();
            assertThat(saved).contains("\"sid\"").contains("\"cookies\"").contains("\"syncKey\"");
        }
    }
}
