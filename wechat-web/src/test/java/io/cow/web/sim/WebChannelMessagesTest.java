package io.cow.web.sim;

import io.cow.core.message.ChatKind;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.MessageKind;
import io.cow.core.message.OutgoingMessage;
import io.cow.core.message.SenderKind;
import io.cow.core.config.Settings;
import io.cow.testkit.web.SentMessage;
import io.cow.testkit.web.SimContact;
import io.cow.testkit.web.SimGroup;
import io.cow.testkit.web.SimRequest;
import io.cow.testkit.web.SimulatorOptions;
import io.cow.testkit.web.WebWeChatSimulator;
import io.cow.web.WebSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.cow.web.sim.RecordingEvents.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/** Messages in and out through the simulator: translation, mentions, identities, sending order and pacing. */
class WebChannelMessagesTest {

    private final WebWeChatSimulator sim = WebWeChatSimulator.start(SimulatorOptions.defaults()
            .selfNickName("Botty").syncCheckHold(Duration.ofMillis(500)).loginPollHold(Duration.ofMillis(200)));
    private SimContact alice;
    private SimContact bob;
    private SimGroup team;

    @BeforeEach
    void contacts() {
        alice = sim.addFriend("Alice", "Ali");
        bob = sim.addStranger("Bob");
        team = sim.addGroup("Team", alice, bob).botDisplayName("Team Bot").displayName(bob, "Bobby");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private SimChannel loggedIn(Settings settings) {
        SimChannel c = SimChannel.start(settings);
        sim.scanAndConfirm(WAIT);
        c.events.awaitLogins(1);
        sim.awaitPolling(WAIT);
        return c;
    }

    @Test
    void theOwnerIsReachedInFileTransferOrAsANamedContact() throws Exception {
        try (SimChannel c = SimChannel.start(SimChannel.settings(sim))) {
            assertThat(c.channel.ownerChat("")).as("not logged in").isEmpty();
            sim.scanAndConfirm(WAIT);
            c.events.awaitLogins(1);
            sim.awaitPolling(WAIT);
            var fileTransfer = c.channel.ownerChat("").orElseThrow();
            c.channel.send(OutgoingMessage.to(fileTransfer, "to the owner")).get(10, TimeUnit.SECONDS);
            assertThat(sim.sentTo(sim.filehelper())).extracting(SentMessage::content).containsExactly("to the owner");

            var ali = c.channel.ownerChat("Ali").orElseThrow();
            c.channel.send(OutgoingMessage.to(ali, "to Alice")).get(10, TimeUnit.SECONDS);
            assertThat(sim.sentTo(alice)).extracting(SentMessage::content).containsExactly("to Alice");
            assertThat(c.channel.ownerChat("Nobody")).isEmpty();
        }
    }

    @Test
    void privateAndGroupMessagesArriveTranslated() {
        try (SimChannel c = loggedIn(SimChannel.settings(sim))) {
            sim.sendText(alice, "Hi <bot> & 😀\nsecond line");
            sim.sendGroupText(team, bob, "@Team Bot\u2005what is up?");
            sim.sendGroupText(team, alice, "@Botty what else?");
            sim.sendGroupText(team, bob, "no mention");

            IncomingMessage p = c.events.awaitText("Hi <bot> & 😀\nsecond line");
            assertThat(p.chat().kind()).isEqualTo(ChatKind.PRIVATE);
            assertThat(p.chat().key()).isEqualTo("Ali");
            assertThat(p.sender().kind()).isEqualTo(SenderKind.PERSON);
            assertThat(p.fromSelf()).isFalse();

            IncomingMessage g = c.events.awaitText("@Team Bot\u2005what is up?");
            assertThat(g.chat().kind()).isEqualTo(ChatKind.GROUP);
            assertThat(g.chat().key()).isEqualTo("Team");
            assertThat(g.chat().title()).isEqualTo("Team");
            assertThat(g.sender().name()).isEqualTo("Bobby");
            assertThat(g.sender().key()).isEqualTo("Bob");
            assertThat(g.botNames()).containsExactly("Botty", "Team Bot");
            assertThat(g.mentionsBot()).isTrue();
            assertThat(c.events.awaitText("@Botty what else?").mentionsBot()).isTrue();
            assertThat(c.events.awaitText("no mention").mentionsBot()).isFalse();
            assertThat(c.events.messages).noneMatch(m -> m.text().contains("<msg>"));
        }
    }

    @Test
    void officialSpecialAndOwnMessagesAreMarked() {
        SimContact news = sim.addOfficialAccount("Daily News");
        try (SimChannel c = loggedIn(SimChannel.settings(sim))) {
            sim.sendText(news, "breaking");
            sim.sendText(sim.weixin(), "welcome");
            sim.sendFromPhone(alice, "typed on the phone");

            assertThat(c.events.awaitText("breaking").sender().kind()).isEqualTo(SenderKind.OFFICIAL);
            assertThat(c.events.awaitText("welcome").sender().kind()).isEqualTo(SenderKind.SPECIAL);
            IncomingMessage own = c.events.awaitText("typed on the phone");
            assertThat(own.fromSelf()).isTrue();
            assertThat(own.chat().key()).isEqualTo("Ali");
        }
    }

    @Test
    void anUnlistedGroupIsLookedUpWhenItsFirstMessageArrives() {
        SimGroup hidden = sim.addGroup("Hidden", alice).botDisplayName("Hidden Bot").unlisted();
        try (SimChannel c = loggedIn(SimChannel.settings(sim))) {
            sim.sendGroupText(hidden, alice, "@Hidden Bot hello");

            IncomingMessage m = c.events.awaitText("@Hidden Bot hello");
            assertThat(m.chat().title()).isEqualTo("Hidden");
            assertThat(m.botNames()).contains("Hidden Bot");
            assertThat(m.mentionsBot()).isTrue();
            assertThat(sim.requests("webwxbatchgetcontact")).allSatisfy(r ->
                    assertThat(r.json().path("Count").asInt()).isBetween(1, 50));
        }
    }

    @Test
    void rawItemsOfOtherKindsAreTranslatedAndBadOnesSkipped() {
        try (SimChannel c = loggedIn(SimChannel.settings(sim))) {
            String from = sim.userName(alice);
            String self = sim.selfUserName();
            String imageId = sim.enqueueRaw(Map.of("FromUserName", from, "ToUserName", self, "MsgType", 3, "Content", "image"));
            sim.enqueueRaw(Map.of("FromUserName", from, "ToUserName", self, "MsgType", 49, "AppMsgType", 2001,
                    "Content", "red packet"));
            sim.enqueueRaw(Map.of("FromUserName", from, "ToUserName", self, "MsgType", 1, "Content", "still here"));

            c.events.awaitText("still here");
            // A picture's content is XML about it, not text: it arrives as an attachment to download.
            IncomingMessage image = c.events.awaitMessage("the picture", m -> m.id().equals(imageId));
            assertThat(image.kind()).isEqualTo(MessageKind.IMAGE);
            assertThat(image.text()).isEmpty();
            assertThat(image.attachment().ref()).isEqualTo("IMAGE:" + imageId);
            assertThat(c.events.awaitText("red packet").kind()).isEqualTo(MessageKind.MONEY);
        }
    }

    @Test
    void sendsInOrderWithLocalIdEqualToClientMsgIdAndPaced() throws Exception {
        Settings settings = SimChannel.settings(sim).with(WebSettings.SEND_INTERVAL, Duration.ofMillis(150));
        try (SimChannel c = loggedIn(settings)) {
            sim.sendText(alice, "question");
            IncomingMessage question = c.events.awaitText("question");

            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                futures.add(c.channel.send(new OutgoingMessage(question.chat(), "part " + i + "\nline", List.of(), question)));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);

            List<SentMessage> sent = sim.sentTo(alice);
            assertThat(sent).extracting(SentMessage::content).containsExactly("part 1\nline", "part 2\nline", "part 3\nline", "part 4\nline");
            assertThat(sent).allSatisfy(m -> assertThat(m.localId()).isEqualTo(m.clientMsgId()).matches("\\d{17}"));
            assertThat(sent).extracting(SentMessage::clientMsgId).doesNotHaveDuplicates();
            for (int i = 1; i < sent.size(); i++) {
                assertThat(Duration.between(sent.get(i - 1).at(), sent.get(i).at())).isGreaterThanOrEqualTo(Duration.ofMillis(140));
            }
        }
    }

    @Test
    void tooFrequentIsRetriedAfterBackingOff() throws Exception {
        try (SimChannel c = loggedIn(SimChannel.settings(sim))) {
            sim.sendText(alice, "question");
            IncomingMessage question = c.events.awaitText("question");
            sim.faults().sendRet(1205, 2);

            c.channel.send(OutgoingMessage.to(question.chat(), "answer")).get(20, TimeUnit.SECONDS);

            assertThat(sim.sentTo(alice)).extracting(SentMessage::content).containsExactly("answer");
            List<SimRequest> attempts = sim.requests("webwxsendmsg");
            assertThat(attempts).hasSize(3);
            assertThat(attempts).extracting(r -> r.json().path("Msg").path("ClientMsgId").asText()).containsOnly(
                    attempts.get(0).json().path("Msg").path("ClientMsgId").asText());
        }
    }

    @Test
    void aSendRefusedForGoodFailsItsFuture() {
        Settings settings = SimChannel.settings(sim).with(WebSettings.SEND_RETRIES, 1);
        try (SimChannel c = loggedIn(settings)) {
            sim.sendText(alice, "question");
            IncomingMessage question = c.events.awaitText("question");
            sim.faults().sendRet(1205, 5);

            CompletableFuture<Void> future = c.channel.send(OutgoingMessage.to(question.chat(), "answer"));

            assertThat(future).failsWithin(WAIT).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withMessageContaining("1205");
            assertThat(sim.sentTo(alice)).isEmpty();
        }
    }

    @Test
    void mentioningTheAskerIsAnOption() throws Exception {
        Settings settings = SimChannel.settings(sim).with(WebSettings.MENTION_ASKER, true);
        try (SimChannel c = loggedIn(settings)) {
            sim.sendGroupText(team, bob, "@Team Bot q");
            IncomingMessage q = c.events.awaitText("@Team Bot q");

            c.channel.send(new OutgoingMessage(q.chat(), "a", List.of(q.sender().id()), q)).get(20, TimeUnit.SECONDS);

            assertThat(sim.sentTo(team)).extracting(SentMessage::content).containsExactly("@Bobby\u2005a");
        }
    }
}
