package io.cow.testkit.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.cow.testkit.web.ProtocolClient.API;
import static io.cow.testkit.web.ProtocolClient.ret;
import static org.assertj.core.api.Assertions.assertThat;

class SyncTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String IDLE = "window.synccheck={retcode:\"0\",selector:\"0\"}";
    private static final String NEW_MESSAGE = "window.synccheck={retcode:\"0\",selector:\"2\"}";

    private WebWeChatSimulator sim;
    private ProtocolClient client;
    private SimContact alice;
    private SimContact bob;
    private SimGroup team;

    @BeforeEach
    void start() throws Exception {
        sim = WebWeChatSimulator.start(SimulatorOptions.defaults().syncCheckHold(Duration.ofMillis(200)));
        alice = sim.addFriend("Alice");
        bob = sim.addFriend("Bob");
        team = sim.addGroup("Team", alice, bob);
        client = new ProtocolClient(sim);
        client.login(sim);
        JsonNode first = client.sync();
        assertThat(first.path("AddMsgList").get(0).path("MsgType").asInt()).as("the login's status notify").isEqualTo(51);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void theFirstSyncOfASessionCarriesTheStatusNotifyOfRecentChats() throws Exception {
        ProtocolClient second = new ProtocolClient(sim);
        second.login(sim);

        JsonNode message = second.sync().path("AddMsgList").get(0);

        assertThat(message.path("StatusNotifyCode").asInt()).isEqualTo(4);
        assertThat(message.path("FromUserName").asText()).isEqualTo(second.selfUserName);
        assertThat(message.path("StatusNotifyUserName").asText()).startsWith("filehelper,").contains(sim.userName(team));
        assertThat(message.path("Content").asText()).startsWith("&lt;msg&gt;");
    }

    @Test
    void synccheckAnswersSelector0AfterTheHoldWhenNothingHappens() throws Exception {
        assertThat(client.syncCheck()).isEqualTo(IDLE);
    }

    @Test
    void synccheckWakesUpWithSelector2AsSoonAsAMessageIsQueued() throws Exception {
        sim.syncCheckHold(Duration.ofMinutes(2));
        CompletableFuture<HttpResponse<String>> poll = client.getAsync(client.syncCheckPath());
        sim.awaitPolling(WAIT);

        sim.sendText(alice, "hi");

        assertThat(poll.get(10, TimeUnit.SECONDS).body()).isEqualTo(NEW_MESSAGE);
    }

    @Test
    void synccheckNeedsTheSessionCookies() throws Exception {
        ProtocolClient noCookies = new ProtocolClient(sim);
        noCookies.skey = client.skey;
        noCookies.sid = client.sid;
        noCookies.uin = client.uin;
        noCookies.syncKey = client.syncKey;

        assertThat(noCookies.syncCheck()).isEqualTo("window.synccheck={retcode:\"1102\",selector:\"0\"}");
    }

    @Test
    void synccheckChecksSkeyAndSynckey() throws Exception {
        String path = client.syncCheckPath();

        assertThat(client.get(path.replace("skey=", "skey=x")).body()).contains("retcode:\"1101\"");
        assertThat(client.get(path.replaceAll("synckey=[^&]*", "synckey=2_5")).body()).contains("retcode:\"1200\"");
    }

    @Test
    void privateMessageArrivesWithEveryFieldAndHtmlEscaped() throws Exception {
        String msgId = sim.sendText(alice, "a < b && c > d\nnext line 😀");

        assertThat(client.syncCheck()).isEqualTo(NEW_MESSAGE);
        JsonNode answer = client.sync();

        assertThat(ret(answer)).isZero();
        assertThat(answer.path("AddMsgCount").asInt()).isEqualTo(1);
        JsonNode m = answer.path("AddMsgList").get(0);
        assertThat(m.path("MsgId").isTextual()).isTrue();
        assertThat(m.path("MsgId").asText()).isEqualTo(msgId).matches("\\d{19}");
        assertThat(m.path("NewMsgId").isNumber()).isTrue();
        assertThat(m.path("NewMsgId").asLong()).isEqualTo(Long.parseLong(msgId));
        assertThat(m.path("FromUserName").asText()).isEqualTo(sim.userName(alice));
        assertThat(m.path("ToUserName").asText()).isEqualTo(client.selfUserName);
        assertThat(m.path("MsgType").asInt()).isEqualTo(1);
        assertThat(m.path("Content").asText())
                .isEqualTo("a &lt; b &amp;&amp; c &gt; d<br/>next line <span class=\"emoji emoji1f600\"></span>");
        assertThat(m.path("CreateTime").asLong()).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(5L));
        assertThat(m.path("FileSize").isTextual()).isTrue();
        for (String field : List.of("Status", "ImgStatus", "VoiceLength", "PlayLength", "FileName", "MediaId", "Url",
                "AppMsgType", "StatusNotifyCode", "StatusNotifyUserName", "RecommendInfo", "ForwardFlag", "AppInfo",
                "HasProductId", "Ticket", "ImgHeight", "ImgWidth", "SubMsgType", "OriContent", "EncryFileName")) {
            assertThat(m.has(field)).as(field).isTrue();
        }
        assertThat(answer.path("SyncCheckKey").path("Count").asInt()).isEqualTo(answer.path("SyncCheckKey").path("List").size());
        for (String field : List.of("ModContactCount", "ModContactList", "DelContactCount", "DelContactList",
                "ModChatRoomMemberCount", "ModChatRoomMemberList", "Profile", "ContinueFlag", "SKey")) {
            assertThat(answer.has(field)).as(field).isTrue();
        }
    }

    @Test
    void groupMessagesCarryTheSenderPrefix() throws Exception {
        sim.sendGroupText(team, bob, team.botMention() + "hello");

        JsonNode m = client.sync().path("AddMsgList").get(0);

        assertThat(m.path("FromUserName").asText()).isEqualTo(sim.userName(team)).startsWith("@@");
        assertThat(m.path("ToUserName").asText()).isEqualTo(client.selfUserName);
        assertThat(m.path("Content").asText()).isEqualTo(sim.userName(bob) + ":<br/>@Bot\u2005hello");
    }

    @Test
    void messagesFromThePhoneComeFromTheBotItselfWithoutPrefix() throws Exception {
        sim.sendFromPhone(team, "from my phone");

        JsonNode m = client.sync().path("AddMsgList").get(0);

        assertThat(m.path("FromUserName").asText()).isEqualTo(client.selfUserName);
        assertThat(m.path("ToUserName").asText()).isEqualTo(sim.userName(team));
        assertThat(m.path("Content").asText()).isEqualTo("from my phone");
    }

    @Test
    void syncReturnsTheQueueOnceAndAdvancesTheKeys() throws Exception {
        long keyBefore = client.syncKey.path("List").get(0).path("Val").asLong();
        sim.sendText(alice, "one");
        sim.sendText(bob, "two");

        JsonNode first = client.sync();
        JsonNode second = client.sync();

        assertThat(ProtocolClient.each(first.path("AddMsgList"), "Content")).containsExactly("one", "two");
        assertThat(first.path("SyncKey").path("List").get(0).path("Val").asLong()).isEqualTo(keyBefore + 2);
        assertThat(second.path("AddMsgCount").asInt()).isZero();
        assertThat(client.syncCheck()).isEqualTo(IDLE);
    }

    @Test
    void aClientThatDoesNotAdvanceItsSyncKeyGetsTheSameMessagesAgain() throws Exception {
        JsonNode staleKey = client.syncKey;
        sim.sendText(alice, "again");

        client.sync();
        client.syncKey = staleKey;
        JsonNode repeated = client.sync();

        assertThat(ProtocolClient.each(repeated.path("AddMsgList"), "Content")).containsExactly("again");
    }

    @Test
    void sentTextsAreRecordedAndEchoedFromTheBot() throws Exception {
        String to = sim.userName(alice);

        JsonNode answer = client.send(to, "answer <1>\nline 2", "15321964202620841", "15321964202620841");

        assertThat(ret(answer)).isZero();
        assertThat(answer.path("LocalID").asText()).isEqualTo("15321964202620841");
        List<SentMessage> sent = sim.awaitSent(1, WAIT);
        assertThat(sent.get(0).toUserName()).isEqualTo(to);
        assertThat(sent.get(0).chat()).isSameAs(alice);
        assertThat(sent.get(0).content()).isEqualTo("answer <1>\nline 2");
        assertThat(sent.get(0).localId()).isEqualTo(sent.get(0).clientMsgId()).isEqualTo("15321964202620841");
        assertThat(client.syncCheck()).isEqualTo(NEW_MESSAGE);
        JsonNode echo = client.sync().path("AddMsgList").get(0);
        assertThat(echo.path("FromUserName").asText()).isEqualTo(client.selfUserName);
        assertThat(echo.path("ToUserName").asText()).isEqualTo(to);
        assertThat(echo.path("MsgId").asText()).isEqualTo(answer.path("MsgID").asText());
        assertThat(echo.path("Content").asText()).isEqualTo("answer &lt;1&gt;<br/>line 2");
        assertThat(sim.sentTo(alice)).hasSize(1);
    }

    @Test
    void sendAcceptsNumericIdsAndFilehelper() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode body = client.withBase(ProtocolClient.JSON.createObjectNode());
        body.putObject("Msg").put("Type", 1).put("Content", "note").put("FromUserName", client.selfUserName)
                .put("ToUserName", "filehelper").put("LocalID", 15321964202620841L).put("ClientMsgId", 15321964202620841L);
        body.put("Scene", 0);

        JsonNode answer = client.postJson(API + "webwxsendmsg?pass_ticket=" + client.passTicket, body);

        assertThat(ret(answer)).isZero();
        assertThat(sim.sent().get(0).chat()).isSameAs(sim.filehelper());
    }

    @Test
    void sendIsStrictAboutIdsAndUserNames() throws Exception {
        String to = sim.userName(alice);

        assertThat(ret(client.send(to, "x", "1", "2"))).as("LocalID != ClientMsgId").isEqualTo(1);
        assertThat(ret(client.send("@" + "f".repeat(64), "x"))).as("unknown ToUserName").isEqualTo(1);
        assertThat(ret(client.send(to, ""))).as("empty content").isEqualTo(1);
        String self = client.selfUserName;
        client.selfUserName = "@" + "e".repeat(64);
        assertThat(ret(client.send(to, "x"))).as("wrong FromUserName").isEqualTo(1);
        client.selfUserName = self;
        assertThat(sim.sent()).isEmpty();
    }

    @Test
    void aStaleUserNameFromTheLastSessionIsRejected() throws Exception {
        String oldAlice = sim.userName(alice);
        ProtocolClient second = new ProtocolClient(sim);
        second.login(sim);

        assertThat(ret(second.send(oldAlice, "hello"))).isEqualTo(1);
        assertThat(ret(second.send(sim.userName(alice), "hello"))).isZero();
    }

    @Test
    void logoutFromPhoneAnswersTheRetcodeAtOnceEvenToAWaitingPoll() throws Exception {
        sim.syncCheckHold(Duration.ofMinutes(2));
        CompletableFuture<HttpResponse<String>> poll = client.getAsync(client.syncCheckPath());
        sim.awaitPolling(WAIT);

        sim.logoutFromPhone(1100);

        assertThat(poll.get(10, TimeUnit.SECONDS).body()).isEqualTo("window.synccheck={retcode:\"1100\",selector:\"0\"}");
        assertThat(client.syncCheck()).contains("retcode:\"1100\"");
        assertThat(ret(client.sync())).isEqualTo(1101);
        assertThat(sim.loggedIn()).isFalse();
    }

    @Test
    void messagesWhileLoggedOutAndUnreadOnesReachTheNextSession() throws Exception {
        sim.sendText(alice, "unread before logout");
        sim.logoutFromPhone(1101);
        sim.sendText(bob, "while logged out");
        ProtocolClient next = new ProtocolClient(sim);
        next.login(sim);

        JsonNode answer = next.sync();

        assertThat(ProtocolClient.each(answer.path("AddMsgList"), "Content")).hasSize(3)
                .endsWith("unread before logout", "while logged out");
        assertThat(answer.path("AddMsgList").get(2).path("FromUserName").asText()).isEqualTo(sim.userName(bob));
    }

    @Test
    void enqueueRawFillsTheMissingFields() throws Exception {
        long old = System.currentTimeMillis() / 1000 - 3600;
        String msgId = sim.enqueueRaw(Map.of("FromUserName", sim.userName(alice), "ToUserName", client.selfUserName,
                "MsgType", 3, "CreateTime", old));

        JsonNode m = client.sync().path("AddMsgList").get(0);

        assertThat(m.path("MsgId").asText()).isEqualTo(msgId);
        assertThat(m.path("MsgType").asInt()).isEqualTo(3);
        assertThat(m.path("CreateTime").asLong()).isEqualTo(old);
        assertThat(m.path("NewMsgId").asLong()).isEqualTo(Long.parseLong(msgId));
        assertThat(m.has("RecommendInfo")).isTrue();
    }

    @Test
    void newGroupsReachALiveSessionAsModContact() throws Exception {
        SimGroup later = sim.addGroup("Later", alice).unlisted();

        assertThat(client.syncCheck()).isEqualTo("window.synccheck={retcode:\"0\",selector:\"6\"}");
        JsonNode answer = client.sync();

        assertThat(answer.path("ModContactCount").asInt()).isEqualTo(1);
        JsonNode group = answer.path("ModContactList").get(0);
        assertThat(group.path("UserName").asText()).isEqualTo(sim.userName(later));
        assertThat(ProtocolClient.each(group.path("MemberList"), "NickName")).containsExactly("Alice", "Bot");
        assertThat(ProtocolClient.each(client.getContact(0).path("MemberList"), "NickName")).doesNotContain("Later");
    }

    @Test
    void syncBatchLimitSetsContinueFlag() throws Exception {
        sim.close();
        sim = WebWeChatSimulator.start(SimulatorOptions.defaults().syncBatchLimit(2).initStatusNotify(false));
        alice = sim.addFriend("Alice");
        client = new ProtocolClient(sim);
        client.login(sim);
        for (int i = 0; i < 3; i++) {
            sim.sendText(alice, "m" + i);
        }

        JsonNode first = client.sync();
        JsonNode second = client.sync();

        assertThat(ProtocolClient.each(first.path("AddMsgList"), "Content")).containsExactly("m0", "m1");
        assertThat(first.path("ContinueFlag").asInt()).isEqualTo(1);
        assertThat(ProtocolClient.each(second.path("AddMsgList"), "Content")).containsExactly("m2");
        assertThat(second.path("ContinueFlag").asInt()).isZero();
    }

    @Test
    void syncChecksItsQueryAgainstTheBaseRequest() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode body = client.withBase(ProtocolClient.JSON.createObjectNode());
        body.set("SyncKey", client.syncKey);

        JsonNode wrongSkey = client.postJson(API + "webwxsync?sid=" + client.sid + "&skey=x&pass_ticket="
                + client.passTicket, body);
        body.remove("SyncKey");
        JsonNode noKey = client.postJson(API + "webwxsync?sid=" + client.sid + "&skey=" + ProtocolClient.enc(client.skey)
                + "&pass_ticket=" + client.passTicket, body);

        assertThat(ret(wrongSkey)).isEqualTo(1101);
        assertThat(ret(noKey)).isEqualTo(1);
    }

    @Test
    void messagesBuiltBeforeTheLoginGetTheNewSessionsUserNamesAndKeepTheirCreateTime() throws Exception {
        sim.logoutFromPhone(1101);
        java.time.Instant yesterday = java.time.Instant.now().minus(Duration.ofDays(1));
        sim.sendText(alice, "old", yesterday);
        sim.sendGroupText(team, bob, "old in group", yesterday);
        sim.enqueue(names -> Map.of("FromUserName", names.apply(team), "ToUserName", names.apply(sim.self()),
                "MsgType", 49, "AppMsgType", 5, "Content", "&lt;msg&gt;&lt;/msg&gt;"));
        sim.sendSystemText(team, "\"Alice\" invited \"Carol\" to the group chat");
        ProtocolClient next = new ProtocolClient(sim);
        next.login(sim);

        JsonNode list = next.sync().path("AddMsgList");

        assertThat(list.get(1).path("FromUserName").asText()).isEqualTo(sim.userName(alice));
        assertThat(list.get(1).path("CreateTime").asLong()).isEqualTo(yesterday.getEpochSecond());
        assertThat(list.get(2).path("Content").asText()).isEqualTo(sim.userName(bob) + ":<br/>old in group");
        assertThat(list.get(3).path("MsgType").asInt()).isEqualTo(49);
        assertThat(list.get(3).path("AppMsgType").asInt()).isEqualTo(5);
        assertThat(list.get(3).path("FromUserName").asText()).isEqualTo(sim.userName(team));
        assertThat(list.get(4).path("MsgType").asInt()).isEqualTo(10000);
        assertThat(list.get(4).path("Content").asText()).isEqualTo("\"Alice\" invited \"Carol\" to the group chat");
    }
}
