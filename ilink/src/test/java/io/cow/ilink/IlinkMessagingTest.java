package io.cow.ilink;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.MessageKind;
import io.cow.testkit.await.Await;
import io.cow.testkit.ilink.BotBinding;
import io.cow.testkit.ilink.Endpoint;
import io.cow.testkit.ilink.IlinkFault;
import io.cow.testkit.ilink.QrCode;
import io.cow.testkit.ilink.SentMessage;
import io.cow.testkit.ilink.TypingEvent;
import io.cow.testkit.ilink.UserMessage;
import io.cow.testkit.openai.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.cow.ilink.IlinkTestBot.USER;
import static io.cow.ilink.IlinkTestBot.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/** Messages both ways through the iLink simulator and the fake model. */
class IlinkMessagingTest {

    private static final String NOTE = "…（回答过长，已截断 / answer too long, cut here）";

    @TempDir
    Path data;

    IlinkTestBot t;
    BotBinding binding;

    @BeforeEach
    void setUp() {
        t = new IlinkTestBot(data);
    }

    @AfterEach
    void tearDown() {
        t.close();
    }

    private void startLoggedIn() {
        t.start();
        binding = t.login(1);
    }

    @Test
    void aPrivateMessageIsAnsweredWithItsContextToken() {
        startLoggedIn();
        UserMessage first = t.sim.sendText(USER, "hello");
        SentMessage reply = t.sim.awaitSent(1, WAIT).get(0);
        assertThat(reply.toUser()).isEqualTo(USER);
        assertThat(reply.text()).isEqualTo("Echo: hello");
        assertThat(reply.contextToken()).isEqualTo(first.contextToken());

        UserMessage second = t.sim.sendText(USER, "again");
        SentMessage next = t.sim.awaitSent(2, WAIT).get(1);
        assertThat(next.contextToken()).as("the user's latest token").isEqualTo(second.contextToken()).isNotEqualTo(first.contextToken());
        assertThat(next.body().path("msg").path("item_list")).hasSize(1);
        assertThat(t.sim.rejections()).isEmpty();
    }

    @Test
    void aDuplicateDeliveryIsAnsweredOnce() {
        startLoggedIn();
        UserMessage question = t.sim.sendText(USER, "once");
        t.sim.redeliver(question);
        // the same text again under a new message id, with the same item msg_id, as the server sometimes does
        ObjectNode sameItem = question.json().deepCopy();
        sameItem.put("message_id", new BigInteger("12345678901234567890"));
        sameItem.put("seq", 9999);
        t.sim.deliverRaw(USER, sameItem);
        t.sim.sendText(USER, "twice");

        List<SentMessage> sent = t.sim.awaitSent(2, WAIT);
        t.logs.awaitContaining("Replied to " + USER + ": 1 message(s), 11 characters", WAIT);
        assertThat(sent).extracting(SentMessage::text).containsExactly("Echo: once", "Echo: twice");
        assertThat(t.model.requests()).extracting(RecordedRequest::lastUserMessage).containsExactly("once", "twice");
    }

    @Test
    void aHundredMegabyteAnswerToGetupdatesFailsClearlyAndThePollGoesOn() {
        startLoggedIn();
        t.sim.failNext(Endpoint.GET_UPDATES, IlinkFault.huge(100L << 20));
        t.sim.sendText(USER, "after the flood");
        assertThat(t.sim.awaitSent(1, WAIT)).extracting(SentMessage::text).containsExactly("Echo: after the flood");
        assertThat(t.logs.text()).contains("larger than 8 MiB");
    }

    @Test
    void aMalformedMessageIsLoggedAndSkippedAndTheLoopGoesOn() {
        startLoggedIn();
        ObjectNode malformed = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        malformed.put("message_id", 1);
        malformed.putArray("item_list").addObject().put("type", 1);
        t.sim.deliverRaw(USER, malformed);
        t.sim.sendText(USER, "fine");

        assertThat(t.sim.awaitSent(1, WAIT)).extracting(SentMessage::text).containsExactly("Echo: fine");
        assertThat(t.logs.text()).contains("Skipped a malformed iLink message: no from_user_id");
    }

    @Test
    void messageIdsAbove2To53RoundTripExactly() {
        startLoggedIn();
        // 2^53 + 1 and 2^53 are the same double; 2^64 - 1 does not fit a long
        t.sim.nextMessageId(new BigInteger("9007199254740993"));
        t.sim.sendText(USER, "first");
        t.sim.nextMessageId(new BigInteger("9007199254740992"));
        t.sim.sendText(USER, "second");
        t.sim.nextMessageId(new BigInteger("18446744073709551615"));
        t.sim.sendText(USER, "third");

        assertThat(t.sim.awaitSent(3, WAIT)).extracting(SentMessage::text).containsExactly("Echo: first", "Echo: second", "Echo: third");
        assertThat(t.incoming).extracting(IncomingMessage::id)
                .containsExactly("9007199254740993", "9007199254740992", "18446744073709551615");
    }

    @Test
    void aFiveThousandCharacterAnswerArrivesAsThreeMessages() {
        String answer = "a".repeat(5000);
        t.model.answerWith(answer);
        startLoggedIn();
        UserMessage question = t.sim.sendText(USER, "long please");

        List<SentMessage> sent = t.sim.awaitSent(3, WAIT);
        t.logs.awaitContaining("3 message(s), 5000 characters", WAIT);
        assertThat(t.sim.sent()).hasSize(3);
        assertThat(sent).extracting(m -> m.text().length()).containsExactly(2000, 2000, 1000);
        assertThat(String.join("", sent.stream().map(SentMessage::text).toList())).isEqualTo(answer);
        assertThat(sent).allMatch(m -> m.contextToken().equals(question.contextToken()));
    }

    @Test
    void anAnswerNeedingMoreThanTenMessagesIsCutWithANote() {
        t.model.answerWith("b".repeat(30_000));
        startLoggedIn();
        t.sim.sendText(USER, "way too long");

        List<SentMessage> sent = t.sim.awaitSent(10, WAIT);
        t.logs.awaitContaining("Replied to " + USER + ": 10 message(s)", WAIT);
        assertThat(t.sim.sent()).hasSize(10);
        assertThat(sent.get(9).text()).endsWith(NOTE);
        assertThat(sent).allMatch(m -> m.text().length() <= 2000);
        assertThat(t.sim.rejections()).as("never past the server's 10 messages per inbound message").isEmpty();
    }

    @Test
    void theChunkSizeIsConfigurable() {
        t.set("ilink.chunkSize", "100");
        t.model.answerWith("c".repeat(250));
        startLoggedIn();
        t.sim.sendText(USER, "q");
        assertThat(t.sim.awaitSent(3, WAIT)).extracting(m -> m.text().length()).containsExactly(100, 100, 50);
    }

    @Test
    void retMinus2IsRetriedWithBackoffAndOtherErrorsAreFailures() {
        startLoggedIn();
        t.sim.failNext(Endpoint.SEND_MESSAGE, IlinkFault.rateLimited(), IlinkFault.ret(-2, "prepare failed"));
        t.sim.sendText(USER, "busy?");

        assertThat(t.sim.awaitSent(1, WAIT).get(0).text()).isEqualTo("Echo: busy?");
        assertThat(t.sim.calls(Endpoint.SEND_MESSAGE)).hasSize(3);
        assertThat(t.logs.text()).contains("retrying in 20 ms").contains("retrying in 40 ms");

        t.sim.failNext(Endpoint.SEND_MESSAGE, IlinkFault.ret(-1, "invalid request"));
        t.sim.sendText(USER, "broken?");
        t.logs.awaitContaining("Could not send the reply to " + USER + ": sendmessage failed: ret=-1", WAIT);
        assertThat(t.sim.calls(Endpoint.SEND_MESSAGE)).as("no retry of other errors").hasSize(4);
        assertThat(t.sim.sent()).hasSize(1);
    }

    @Test
    void aReplyRefusedBecauseTheUserWroteAgainIsRetriedAtOnceWithTheNewerToken() {
        t.set("ilink.sendRetryDelay", "5m");
        startLoggedIn();
        t.sim.failNext(Endpoint.SEND_MESSAGE, IlinkFault.delay(Duration.ofMillis(300)), IlinkFault.ret(-2, "prepare failed"));
        t.sim.sendText(USER, "first");
        Await.until("the first reply on its way", WAIT, () -> t.sim.calls(Endpoint.SEND_MESSAGE).size() == 1);
        UserMessage second = t.sim.sendText(USER, "second");

        List<SentMessage> sent = t.sim.awaitSent(2, WAIT);
        assertThat(sent).extracting(SentMessage::text).containsExactly("Echo: first", "Echo: second");
        assertThat(sent.get(0).contextToken()).isEqualTo(second.contextToken());
        assertThat(t.logs.text()).doesNotContain("retrying in");
    }

    @Test
    void typingIsShownWhileTheModelWorksAndCancelledAfterTheReply() {
        t.model.latency(Duration.ofMillis(400));
        startLoggedIn();
        t.sim.sendText(USER, "think hard");
        SentMessage reply = t.sim.awaitSent(1, WAIT).get(0);

        Await.until("typing cancelled", WAIT, () -> t.sim.typing().stream().anyMatch(e -> e.status() == 2));
        List<TypingEvent> events = t.sim.typing();
        assertThat(events.stream().filter(e -> e.status() == 1).count()).as("renewed while the model works").isGreaterThanOrEqualTo(2);
        TypingEvent last = events.get(events.size() - 1);
        assertThat(last.status()).isEqualTo(2);
        assertThat(last.user()).isEqualTo(USER);
        assertThat(last.at()).isAfterOrEqualTo(reply.at());
        assertThat(t.sim.calls(Endpoint.GET_CONFIG)).as("the ticket is cached").hasSize(1);
    }

    @Test
    void aVoiceMessageAsksTheServersTranscription() {
        startLoggedIn();
        t.sim.sendVoice(USER, "what is the weather");
        // The answer shows what was heard (voice.echoTranscript), then answers it.
        assertThat(t.sim.awaitSent(1, WAIT).get(0).text()).isEqualTo("🎤 what is the weather\n\nEcho: what is the weather");
        assertThat(t.incoming.get(0).kind()).isEqualTo(MessageKind.TEXT);
        assertThat(t.incoming.get(0).attachment().kind()).isEqualTo(MessageKind.VOICE);
        assertThat(t.incoming.get(0).attachment().transcript()).isEqualTo("what is the weather");
    }

    @Test
    void notifystartAtLoginAndNotifystopAtClose() {
        startLoggedIn();
        Await.until("notifystart", WAIT, () -> t.sim.notifications().contains("start " + binding.botId()));
        t.bot.close();
        assertThat(t.sim.notifications()).containsExactly("start " + binding.botId(), "stop " + binding.botId());
        t.bot = null;
    }

    @Test
    void minus14LogsClearlyShowsANewQrAndMessagesFlowAfterTheNewLogin() throws Exception {
        startLoggedIn();
        t.sim.sendText(USER, "before");
        t.sim.awaitSent(1, WAIT);

        t.sim.revoke(binding.token());
        t.logs.awaitContaining("iLink session expired (-14 \"session timeout\")", WAIT);
        assertThat(t.logs.text()).contains("A new QR scan is needed");
        QrCode second = t.sim.awaitQrCode(2, WAIT);
        t.awaitQrShown(second.imageContent());
        assertThat(t.logouts).hasSize(1);

        BotBinding fresh = t.sim.scanAndConfirm(second.imageContent(), USER);
        t.awaitLoggedInAs(fresh.token());
        t.sim.sendText(USER, "after");
        SentMessage reply = t.sim.awaitSent(2, WAIT).get(1);
        assertThat(reply.text()).isEqualTo("Echo: after");
        assertThat(reply.botId()).isEqualTo(fresh.botId());
        assertThat(t.sim.rejections()).as("only the revoked token was refused, not a stale cursor")
                .allMatch(r -> r.contains("revoked token"));
    }

    @Test
    void newQrLoginsAreRateLimited() {
        t.set("ilink.reloginInterval", "2s");
        startLoggedIn();
        t.sim.revoke(binding.token());
        t.logs.awaitContaining("Next iLink QR login in", WAIT);
        t.sim.awaitQrCode(2, WAIT);
    }
}
