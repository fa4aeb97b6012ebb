package io.cow.web.sim;

import io.cow.core.channel.kit.SendFailure;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.OutgoingMessage;
import io.cow.testkit.http.FaultProxy;
import io.cow.testkit.web.SentMessage;
import io.cow.testkit.web.SimContact;
import io.cow.testkit.web.WebWeChatSimulator;
import io.cow.web.WebSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A send that web WeChat took while the answer was lost on the way back (a gateway's 502 or 504, a dropped
 * connection, made by a proxy between the channel and the simulator): web WeChat is not known to dedupe on the
 * ClientMsgId, so the channel does not send again, and the user sees the reply once.
 */
class WebSendRetryTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private final WebWeChatSimulator sim = WebWeChatSimulator.start();
    private final FaultProxy proxy = FaultProxy.start(sim.baseUrl());
    private final SimContact alice = sim.addFriend("Alice");

    @AfterEach
    void stop() {
        proxy.close();
        sim.close();
    }

    private SimChannel loggedIn() {
        SimChannel c = SimChannel.start(SimChannel.settings(sim).with(WebSettings.ENDPOINT, proxy.baseUrl()));
        sim.scanAndConfirm(WAIT);
        c.events.awaitLogins(1);
        sim.awaitPolling(WAIT);
        return c;
    }

    @ParameterizedTest
    @EnumSource(FaultProxy.Fault.class)
    void aSendWeChatTookButWhoseAnswerWasLostIsReceivedOnceAndReportedPossiblyDelivered(FaultProxy.Fault fault) throws Exception {
        try (SimChannel c = loggedIn()) {
            sim.sendText(alice, "question");
            IncomingMessage question = c.events.awaitText("question");
            proxy.afterForwarding("webwxsendmsg", fault);

            CompletableFuture<Void> lost = c.channel.send(new OutgoingMessage(question.chat(), "the answer", List.of(), question));
            assertThatThrownBy(() -> lost.get(30, TimeUnit.SECONDS))
                    .satisfies(e -> assertThat(SendFailure.kindOf(e)).contains(SendFailure.Kind.POSSIBLY_DELIVERED));
            c.channel.send(new OutgoingMessage(question.chat(), "the next one", List.of(), question)).get(30, TimeUnit.SECONDS);

            assertThat(proxy.faultsDone()).isEqualTo(1);
            assertThat(sim.sentTo(alice)).extracting(SentMessage::content).containsExactly("the answer", "the next one");
            assertThat(sim.requests("webwxsendmsg")).hasSize(2);
        }
    }

    @Test
    void aSendCarriesTheTextsOwnClientIdAsClientMsgIdAndLocalId() throws Exception {
        try (SimChannel c = loggedIn()) {
            sim.sendText(alice, "question");
            IncomingMessage question = c.events.awaitText("question");
            OutgoingMessage answer = new OutgoingMessage(question.chat(), "the answer", List.of(), question);
            c.channel.send(answer).get(30, TimeUnit.SECONDS);
            assertThat(sim.sentTo(alice)).singleElement().satisfies(m -> {
                assertThat(m.clientMsgId()).isEqualTo(answer.clientId());
                assertThat(m.localId()).isEqualTo(answer.clientId());
            });
        }
    }
}
