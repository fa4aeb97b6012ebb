package io.cow.testkit.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.cow.testkit.web.ProtocolClient.API;
import static io.cow.testkit.web.ProtocolClient.JSON;
import static io.cow.testkit.web.ProtocolClient.ret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PushLoginTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private WebWeChatSimulator sim;
    private ProtocolClient client;

    @BeforeEach
    void start() throws Exception {
        sim = WebWeChatSimulator.start(SimulatorOptions.defaults().loginPollHold(Duration.ofMillis(300)));
        client = new ProtocolClient(sim);
        client.login(sim);
        sim.killSessions();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private JsonNode pushLoginUrl(ProtocolClient c, long uin) throws Exception {
        return JSON.readTree(c.get(API + "webwxpushloginurl?uin=" + uin + "&mod=desktop").body());
    }

    @Test
    void pushLoginGivesAUuidThePhoneConfirmsAfterATip1Poll() throws Exception {
        JsonNode push = pushLoginUrl(client, client.uin);
        assertThat(push.path("ret").asText()).isEqualTo("0");
        assertThat(push.path("msg").asText()).isEqualTo("all ok");
        String uuid = push.path("uuid").asText();
        assertThat(uuid).startsWith("A_1_").endsWith("==");

        sim.loginPollHold(Duration.ofMinutes(2));
        CompletableFuture<HttpResponse<String>> poll = client.getAsync(API + "login?loginicon=true&uuid=" + uuid
                + "&tip=1&r=1&_=1");
        assertThat(sim.awaitPushPrompt(WAIT)).isEqualTo(uuid);
        sim.confirm(uuid);

        String answer = poll.get(10, TimeUnit.SECONDS).body();
        assertThat(answer).startsWith("window.code=200;");
        client.takeCredentials(client.newLoginPage(ProtocolClient.redirectUri(answer), true, true).body());
        assertThat(ret(client.init())).isZero();
        assertThat(sim.sessionsCreated()).isEqualTo(2);
    }

    @Test
    void thePhoneIsNotPromptedWithoutTip1() throws Exception {
        String uuid = pushLoginUrl(client, client.uin).path("uuid").asText();

        assertThat(client.pollLogin(uuid, 0)).isEqualTo("window.code=408;");
        assertThatThrownBy(() -> sim.confirm(uuid)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tip=1");
    }

    @Test
    void autoConfirmAnswers200ToTheFirstTip1Poll() throws Exception {
        sim.autoConfirmPushLogin(true);
        String uuid = pushLoginUrl(client, client.uin).path("uuid").asText();

        assertThat(client.pollLogin(uuid, 1)).startsWith("window.code=200;");
    }

    @Test
    void pushLoginNeedsTheUinAndTheAuthTicketCookie() throws Exception {
        assertThat(pushLoginUrl(client, client.uin + 1).path("ret").asText()).isEqualTo("1");
        assertThat(pushLoginUrl(new ProtocolClient(sim), client.uin).path("ret").asText()).isEqualTo("1");
    }

    @Test
    void revokedPushLoginFailsUntilTheNextQrLogin() throws Exception {
        sim.revokePushLogin();
        assertThat(pushLoginUrl(client, client.uin).path("ret").asText()).isEqualTo("1");

        client.login(sim);
        assertThat(pushLoginUrl(client, client.uin).path("ret").asText()).isEqualTo("0");
    }
}
