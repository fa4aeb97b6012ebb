package io.cow.ilink;

import io.cow.testkit.http.FaultProxy;
import io.cow.testkit.ilink.Endpoint;
import io.cow.testkit.ilink.SentMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;

import static io.cow.ilink.IlinkTestBot.USER;
import static io.cow.ilink.IlinkTestBot.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reply iLink took while the answer was lost on the way back (a gateway's 502 or 504, a dropped connection, made
 * by a proxy between the channel and the simulator): the retry carries the same {@code client_id}, which iLink
 * dedupes on, so the user gets the reply once and it costs one of the replies allowed per message.
 */
class IlinkSendRetryTest {

    @TempDir
    Path data;

    IlinkTestBot t;
    FaultProxy proxy;

    @BeforeEach
    void setUp() {
        t = new IlinkTestBot(data);
        proxy = FaultProxy.start(t.sim.baseUrl());
        t.sim.advertiseBaseUrl(proxy.baseUrl());
    }

    @AfterEach
    void tearDown() {
        t.close();
        proxy.close();
    }

    @ParameterizedTest
    @EnumSource(FaultProxy.Fault.class)
    void aReplyWhoseAnswerWasLostIsRetriedUnderTheSameClientIdAndReceivedOnce(FaultProxy.Fault fault) {
        t.start();
        t.login(1);
        proxy.afterForwarding("sendmessage", fault);
        t.sim.sendText(USER, "hello");

        List<SentMessage> sent = t.sim.awaitSent(1, WAIT);
        t.logs.awaitContaining("Replied to " + USER, WAIT);
        assertThat(proxy.faultsDone()).isEqualTo(1);
        assertThat(sent).extracting(SentMessage::text).containsExactly("Echo: hello");
        List<String> clientIds = t.sim.calls(Endpoint.SEND_MESSAGE).stream()
                .map(c -> c.json().path("msg").path("client_id").asText()).toList();
        assertThat(clientIds).as("the retry reuses the client_id").hasSize(2).containsOnly(sent.get(0).clientId());
    }
}
