package io.cow.testkit.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import static io.cow.testkit.web.ProtocolClient.ret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private WebWeChatSimulator sim;
    private ProtocolClient client;
    private SimContact alice;

    @BeforeEach
    void start() throws Exception {
        sim = WebWeChatSimulator.start(SimulatorOptions.defaults().syncCheckHold(Duration.ofMillis(100))
                .initStatusNotify(false));
        alice = sim.addFriend("Alice");
        client = new ProtocolClient(sim);
        client.login(sim);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void synccheckHttpStatusThenNormalAgain() throws Exception {
        sim.faults().synccheckHttpStatus(503, 2);

        HttpResponse<String> first = client.get(client.syncCheckPath());
        HttpResponse<String> second = client.get(client.syncCheckPath());
        HttpResponse<String> third = client.get(client.syncCheckPath());

        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(first.body()).contains("<h1>503</h1>");
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(third.statusCode()).isEqualTo(200);
        assertThat(third.body()).isEqualTo("window.synccheck={retcode:\"0\",selector:\"0\"}");
        assertThat(sim.requests("synccheck")).hasSize(3);
    }

    @Test
    void droppedSynccheckClosesTheConnectionWithoutAnswer() throws Exception {
        sim.faults().dropSynccheck(1);

        assertThat(rawGet(client.syncCheckPath())).as("bytes before the connection closed").isEmpty();
        assertThat(rawGet(client.syncCheckPath())).startsWith("HTTP/1.1 200").contains("retcode:\"0\"");
        assertThat(sim.faults().pending("synccheck")).isZero();
    }

    /** A GET on a fresh socket, with the session cookies; returns everything read until the server closes. */
    private String rawGet(String pathAndQuery) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", sim.port())) {
            socket.setSoTimeout(10_000);
            String request = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: wxsid=" + client.sid
                    + "; wxuin=" + client.uin + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void malformedBodiesCannotBeParsed() throws Exception {
        sim.faults().malformed("synccheck", 1).malformed("webwxsync", 1);

        assertThat(client.syncCheck()).isEqualTo("window.synccheck={retcode:\"0\",sele");
        HttpResponse<String> sync = client.post(ProtocolClient.API + "webwxsync?sid=" + client.sid, "{}");
        assertThat(sync.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> ProtocolClient.JSON.readTree(sync.body())).isInstanceOf(IOException.class);
    }

    @Test
    void sendRetIsAnsweredWithoutSendingThenSendingWorks() throws Exception {
        sim.faults().sendRet(1205, 1);
        String to = sim.userName(alice);

        JsonNode refused = client.send(to, "too soon");
        JsonNode accepted = client.send(to, "later");

        assertThat(ret(refused)).isEqualTo(1205);
        assertThat(ret(accepted)).isZero();
        assertThat(sim.sent()).extracting(SentMessage::content).containsExactly("later");
    }

    @Test
    void synccheckRetcodeFaultKeepsTheSessionAlive() throws Exception {
        sim.faults().synccheckRetcode(1101, 1);

        assertThat(client.syncCheck()).isEqualTo("window.synccheck={retcode:\"1101\",selector:\"0\"}");
        assertThat(client.syncCheck()).isEqualTo("window.synccheck={retcode:\"0\",selector:\"0\"}");
        assertThat(sim.loggedIn()).isTrue();
    }

    @Test
    void faultedSyncDoesNotLoseMessages() throws Exception {
        sim.sendText(alice, "kept");
        sim.faults().syncRet(1, 1).httpStatus("webwxsync", 502, 1);

        assertThat(ret(client.sync())).isEqualTo(1);
        assertThatThrownBy(client::sync).isInstanceOf(IOException.class).hasMessageContaining("502");
        assertThat(ProtocolClient.each(client.sync().path("AddMsgList"), "Content")).containsExactly("kept");
    }

    @Test
    void slowEndpointsAnswerAfterTheDelay() throws Exception {
        sim.faults().slow("webwxinit", Duration.ofMillis(300));
        Instant before = Instant.now();

        JsonNode init = client.init();

        assertThat(ret(init)).isZero();
        assertThat(Duration.between(before, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        sim.faults().clear();
    }

    @Test
    void unknownEndpointNamesAreRefused() {
        assertThatThrownBy(() -> sim.faults().drop("synchcheck", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("synchcheck");
    }

    @Test
    void requestsAreRecordedWithQueryHeadersCookiesAndBody() throws Exception {
        client.syncCheck();

        SimRequest request = sim.requests("synccheck").get(0);
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.path()).isEqualTo("/cgi-bin/mmwebwx-bin/synccheck");
        assertThat(request.queryParam("skey")).isEqualTo(client.skey);
        assertThat(request.cookie("wxsid")).isEqualTo(client.sid);
        assertThat(request.header("Host")).startsWith("127.0.0.1:");
        SimRequest init = sim.requests("webwxinit").get(0);
        assertThat(init.json().path("BaseRequest").path("Sid").asText()).isEqualTo(client.sid);
    }

    @Test
    void aOneShotDelayHoldsOnlyTheNextRequest() throws Exception {
        sim.faults().delay("webwxsync", Duration.ofMillis(300), 1);
        sim.sendText(alice, "late but there");
        Instant before = Instant.now();

        JsonNode delayed = client.sync();

        assertThat(Duration.between(before, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(ProtocolClient.each(delayed.path("AddMsgList"), "Content")).containsExactly("late but there");
        assertThat(sim.faults().pending("webwxsync")).isZero();
    }

    @Test
    void emptySyncKeysComeOnlyWithIdleSyncs() throws Exception {
        sim.faults().emptySyncKeys(1);
        sim.sendText(alice, "first");

        JsonNode busy = client.sync();
        JsonNode idle = client.sync();

        assertThat(busy.path("SyncKey").path("Count").asInt()).isEqualTo(4);
        assertThat(idle.path("SyncKey").path("Count").asInt()).isZero();
        assertThat(idle.path("SyncKey").path("List").size()).isZero();
        assertThat(idle.path("SyncCheckKey").path("Count").asInt()).isZero();
        assertThat(ret(client.sync())).as("a client that adopted the empty key is refused")
                .isEqualTo(1);
    }
}
