package io.cow.testkit.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.cow.testkit.web.ProtocolClient.API;
import static io.cow.testkit.web.ProtocolClient.JSON;
import static io.cow.testkit.web.ProtocolClient.ret;
import static org.assertj.core.api.Assertions.assertThat;

class SessionTest {

    private WebWeChatSimulator sim;
    private ProtocolClient client;
    private SimContact alice;
    private SimContact bob;
    private SimContact carol;
    private SimGroup team;

    @BeforeEach
    void start() {
        sim = WebWeChatSimulator.start(SimulatorOptions.defaults().selfNickName("Bot 🤖").contactPageSize(3)
                .syncCheckHold(Duration.ofMillis(300)));
        alice = sim.addFriend("Alice", "Ali");
        bob = sim.addFriend("Bob");
        carol = sim.addStranger("Carol");
        sim.addOfficialAccount("News");
        team = sim.addGroup("Team", alice, bob, carol).displayName(alice, "Alice in Team").botDisplayName("Bot in Team");
        client = new ProtocolClient(sim);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void initAnswersTheOwnUserRecentChatsAndSyncKey() throws Exception {
        JsonNode init = client.login(sim);

        assertThat(init.path("BaseResponse").path("Ret").asInt()).isZero();
        assertThat(init.path("BaseResponse").path("ErrMsg").asText()).isEmpty();
        JsonNode user = init.path("User");
        assertThat(user.path("UserName").asText()).matches("@[0-9a-f]{64}");
        assertThat(user.path("NickName").asText()).isEqualTo("Bot <span class=\"emoji emoji1f916\"></span>");
        assertThat(user.path("Uin").asLong()).isEqualTo(sim.uin());
        assertThat(init.path("SKey").asText()).isEqualTo(client.skey);
        assertThat(init.path("SyncKey").path("Count").asInt()).isEqualTo(4);
        assertThat(init.path("SyncKey").path("List").get(0).path("Key").asInt()).isEqualTo(1);
        assertThat(init.path("ChatSet").asText()).startsWith("filehelper,@@").endsWith(",");
        assertThat(init.path("Count").asInt()).isEqualTo(init.path("ContactList").size());
        assertThat(ProtocolClient.each(init.path("ContactList"), "NickName")).contains("文件传输助手", "Team", "Alice");
        assertThat(sim.loggedIn()).isTrue();
        assertThat(sim.selfUserName()).isEqualTo(user.path("UserName").asText());
    }

    @Test
    void jsonEndpointsRejectBadBaseRequestsSkeysAndPassTickets() throws Exception {
        client.login(sim);
        String init = API + "webwxinit?r=1&pass_ticket=" + client.passTicket;

        assertThat(ret(JSON.readTree(client.post(init, "not json").body()))).isEqualTo(1200);
        assertThat(ret(client.postJson(init, JSON.createObjectNode()))).as("no BaseRequest").isEqualTo(1);
        ObjectNode unknownSid = client.withBase(JSON.createObjectNode());
        ((ObjectNode) unknownSid.get("BaseRequest")).put("Sid", "AAAAAAAAAAAAAAAA");
        assertThat(ret(client.postJson(init, unknownSid))).isEqualTo(1100);
        ObjectNode wrongSkey = client.withBase(JSON.createObjectNode());
        ((ObjectNode) wrongSkey.get("BaseRequest")).put("Skey", "@crypt_00000000_00000000000000000000000000000000");
        assertThat(ret(client.postJson(init, wrongSkey))).isEqualTo(1101);
        assertThat(ret(client.postJson(API + "webwxinit?r=1", client.withBase(JSON.createObjectNode()))))
                .as("no pass_ticket").isEqualTo(-14);
        String raw = URLDecoder.decode(client.passTicket, StandardCharsets.UTF_8);
        assertThat(ret(client.postJson(API + "webwxinit?r=1&pass_ticket=" + raw, client.withBase(JSON.createObjectNode()))))
                .as("pass_ticket sent without percent-encoding: its + becomes a space").isEqualTo(-14);
        ObjectNode uinAsString = client.withBase(JSON.createObjectNode());
        ((ObjectNode) uinAsString.get("BaseRequest")).put("Uin", Long.toString(client.uin));
        assertThat(ret(client.postJson(init, uinAsString))).as("Uin as a string is accepted").isZero();
    }

    @Test
    void getContactPagesBySeqAndListsFriendsOfficialsSpecialsAndGroups() throws Exception {
        client.login(sim);

        List<JsonNode> all = new ArrayList<>();
        int seq = 0;
        int pages = 0;
        do {
            JsonNode page = client.getContact(seq);
            assertThat(ret(page)).isZero();
            assertThat(page.path("MemberCount").asInt()).isEqualTo(page.path("MemberList").size());
            page.path("MemberList").forEach(all::add);
            seq = page.path("Seq").asInt();
            pages++;
        } while (seq != 0);

        assertThat(pages).isEqualTo(2);
        assertThat(all).extracting(c -> c.path("NickName").asText())
                .containsExactly("文件传输助手", "微信团队", "Alice", "Bob", "News", "Team");
        JsonNode aliceJson = all.get(2);
        assertThat(aliceJson.path("UserName").asText()).matches("@[0-9a-f]{64}");
        assertThat(aliceJson.path("RemarkName").asText()).isEqualTo("Ali");
        assertThat(all.get(0).path("UserName").asText()).isEqualTo("filehelper");
        assertThat(all.get(4).path("VerifyFlag").asInt() & 8).isEqualTo(8);
        assertThat(all.get(4).path("UserName").asText()).matches("@[0-9a-f]{32}");
        assertThat(all.get(5).path("UserName").asText()).matches("@@[0-9a-f]{64}");
        assertThat(all.get(5).path("MemberList").size()).isZero();
    }

    @Test
    void getContactNeedsTheSessionCookies() throws Exception {
        client.login(sim);
        ProtocolClient noCookies = new ProtocolClient(sim);
        noCookies.skey = client.skey;
        noCookies.passTicket = client.passTicket;

        assertThat(ret(noCookies.getContact(0))).isEqualTo(1102);
    }

    @Test
    void batchGetContactAnswersGroupsWithMembersAndDisplayNames() throws Exception {
        client.login(sim);
        String teamName = sim.userName(team);

        JsonNode answer = client.batchGetContact(teamName);

        assertThat(ret(answer)).isZero();
        assertThat(answer.path("Count").asInt()).isEqualTo(1);
        JsonNode group = answer.path("ContactList").get(0);
        assertThat(group.path("UserName").asText()).isEqualTo(teamName);
        assertThat(group.path("NickName").asText()).isEqualTo("Team");
        assertThat(group.path("MemberCount").asInt()).isEqualTo(4);
        assertThat(group.path("EncryChatRoomId").asText()).startsWith("@");
        JsonNode members = group.path("MemberList");
        assertThat(ProtocolClient.each(members, "NickName")).containsExactly("Alice", "Bob", "Carol",
                "Bot <span class=\"emoji emoji1f916\"></span>");
        assertThat(ProtocolClient.each(members, "DisplayName")).containsExactly("Alice in Team", "", "", "Bot in Team");
        assertThat(members.get(3).path("UserName").asText()).isEqualTo(client.selfUserName);
        assertThat(members.get(0).path("UserName").asText()).isEqualTo(sim.userName(alice));
    }

    @Test
    void batchGetContactOfAMemberWithTheGroupsEncryChatRoomIdGivesTheirDisplayName() throws Exception {
        client.login(sim);
        JsonNode group = client.batchGetContact(sim.userName(team)).path("ContactList").get(0);
        ObjectNode body = client.withBase(JSON.createObjectNode());
        body.put("Count", 1);
        body.putArray("List").addObject().put("UserName", sim.userName(alice))
                .put("EncryChatRoomId", group.path("EncryChatRoomId").asText());

        JsonNode answer = client.postJson(API + "webwxbatchgetcontact?type=ex&r=1&pass_ticket=" + client.passTicket, body);

        assertThat(answer.path("ContactList").get(0).path("DisplayName").asText()).isEqualTo("Alice in Team");
    }

    @Test
    void batchGetContactTakesAtMost50AndACountThatMatches() throws Exception {
        client.login(sim);
        String[] fifty = new String[50];
        String[] fiftyOne = new String[51];
        java.util.Arrays.fill(fifty, sim.userName(team));
        java.util.Arrays.fill(fiftyOne, sim.userName(team));

        assertThat(ret(client.batchGetContact(fifty))).isZero();
        assertThat(ret(client.batchGetContact(fiftyOne))).isEqualTo(1);
        ObjectNode body = client.withBase(JSON.createObjectNode());
        body.put("Count", 2);
        ArrayNode list = body.putArray("List");
        list.addObject().put("UserName", sim.userName(team)).put("EncryChatRoomId", "");
        assertThat(ret(client.postJson(API + "webwxbatchgetcontact?type=ex&r=1&pass_ticket=" + client.passTicket, body)))
                .isEqualTo(1);
    }

    @Test
    void batchGetContactSkipsUserNamesOfOtherSessions() throws Exception {
        client.login(sim);
        String oldTeam = sim.userName(team);
        ProtocolClient second = new ProtocolClient(sim);
        second.login(sim);

        JsonNode answer = second.batchGetContact(oldTeam, sim.userName(team));

        assertThat(ProtocolClient.each(answer.path("ContactList"), "UserName")).containsExactly(sim.userName(team));
    }

    @Test
    void statusNotifyAnswersAMsgIdAndChecksTheUserNames() throws Exception {
        client.login(sim);
        ObjectNode body = client.withBase(JSON.createObjectNode());
        body.put("Code", 3).put("FromUserName", client.selfUserName).put("ToUserName", client.selfUserName)
                .put("ClientMsgId", System.currentTimeMillis());
        String path = API + "webwxstatusnotify?lang=zh_CN&pass_ticket=" + client.passTicket;

        JsonNode answer = client.postJson(path, body);
        assertThat(ret(answer)).isZero();
        assertThat(answer.path("MsgID").asText()).matches("\\d{19}");

        body.put("FromUserName", "@" + "0".repeat(64));
        assertThat(ret(client.postJson(path, body))).isEqualTo(1);
    }

    @Test
    void everyLoginIssuesNewUserNamesAndEndsTheOldSession() throws Exception {
        client.login(sim);
        String aliceBefore = sim.userName(alice);
        String teamBefore = sim.userName(team);
        String selfBefore = client.selfUserName;
        ProtocolClient second = new ProtocolClient(sim);

        JsonNode init = second.login(sim);

        assertThat(sim.userName(alice)).isNotEqualTo(aliceBefore).matches("@[0-9a-f]{64}");
        assertThat(sim.userName(team)).isNotEqualTo(teamBefore);
        assertThat(init.path("User").path("UserName").asText()).isNotEqualTo(selfBefore);
        assertThat(second.sid).isNotEqualTo(client.sid);
        assertThat(sim.userName(filehelperOf())).isEqualTo("filehelper");
        assertThat(ret(client.init())).as("the first session was kicked").isEqualTo(1101);
        assertThat(client.syncCheck()).isEqualTo("window.synccheck={retcode:\"1101\",selector:\"0\"}");
        assertThat(sim.sessionsCreated()).isEqualTo(2);
    }

    private SimContact filehelperOf() {
        return sim.filehelper();
    }

    @Test
    void hotLoginResumesALiveSessionAndFailsAfterKillSessions() throws Exception {
        client.login(sim);
        ProtocolClient restarted = new ProtocolClient(sim);
        restarted.skey = client.skey;
        restarted.sid = client.sid;
        restarted.uin = client.uin;
        restarted.passTicket = client.passTicket;

        assertThat(ret(restarted.init())).isZero();
        sim.killSessions();
        assertThat(ret(restarted.init())).isEqualTo(1101);
        assertThat(sim.loggedIn()).isFalse();
    }

    @Test
    void logoutEndsTheSession() throws Exception {
        client.login(sim);

        client.post(API + "webwxlogout?redirect=1&type=1&skey=" + ProtocolClient.enc(client.skey)
                + "&sid=" + client.sid + "&uin=" + client.uin, "");

        assertThat(ret(client.init())).isEqualTo(1101);
        assertThat(sim.loggedIn()).isFalse();
    }

    @Test
    void rotatedSkeyReplacesTheOldOne() throws Exception {
        sim.close();
        sim = WebWeChatSimulator.start(SimulatorOptions.defaults().rotateSkeyOnInit(true));
        client = new ProtocolClient(sim);
        String loginSkey;
        String uuid = client.jslogin();
        sim.scan(uuid);
        sim.confirm(uuid);
        client.takeCredentials(client.newLoginPage(ProtocolClient.redirectUri(client.pollLogin(uuid, 0)), true, true).body());
        loginSkey = client.skey;

        JsonNode init = client.init();

        assertThat(init.path("SKey").asText()).isNotEqualTo(loginSkey);
        assertThat(ret(client.init())).as("the login skey no longer works").isEqualTo(1101);
        client.skey = init.path("SKey").asText();
        assertThat(ret(client.init())).isZero();
    }
}
