package io.cow.web.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cow.core.message.ChatKind;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.MessageKind;
import io.cow.core.message.SenderKind;
import io.cow.web.contact.Contact;
import io.cow.web.contact.ContactDirectory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MessageTranslatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SELF = "@self0000000000000000000000000000";
    private static final String ALICE = "@alice000000000000000000000000000";
    private static final String BOB = "@bob00000000000000000000000000000";
    private static final String TEAM = "@@team00000000000000000000000000";
    private static final String NEWS = "@news00000000000000000000000000";

    private final MessageTranslator translator = new MessageTranslator("web");
    private final Contact self = new Contact(SELF, "Botty", "", "", 0, List.of());
    private final ContactDirectory contacts = new ContactDirectory();

    @BeforeEach
    void contacts() {
        contacts.put(self);
        contacts.put(new Contact(ALICE, "Alice", "Ali (work)", "", 0, List.of()));
        contacts.put(new Contact(NEWS, "Daily News", "", "", 24, List.of()));
        contacts.put(new Contact(TEAM, "Team", "", "", 0, List.of(
                new Contact(SELF, "Botty", "", "Team Bot", 0, List.of()),
                new Contact(ALICE, "Alice", "", "", 0, List.of()),
                new Contact(BOB, "Bob", "", "Bobby in Team", 0, List.of()))));
    }

    private static ObjectNode message(String from, String to, int type, String content) {
        ObjectNode node = JSON.createObjectNode();
        node.put("MsgId", "6599448710267926107");
        node.put("NewMsgId", 6599448710267926107L);
        node.put("FromUserName", from);
        node.put("ToUserName", to);
        node.put("MsgType", type);
        node.put("Content", content);
        node.put("CreateTime", 1463839052);
        node.put("SubMsgType", 0);
        node.put("Url", "");
        node.put("AppMsgType", 0);
        return node;
    }

    private IncomingMessage translate(JsonNode node) {
        return translator.translate(node, self, contacts).orElseThrow();
    }

    @Test
    void privateTextFromAFriend() {
        IncomingMessage m = translate(message(ALICE, SELF, 1, "Hello &amp; welcome<br/>line 2 <span class=\"emoji emoji1f600\"></span>"));

        assertThat(m.channel()).isEqualTo("web");
        assertThat(m.id()).isEqualTo("6599448710267926107");
        assertThat(m.chat().kind()).isEqualTo(ChatKind.PRIVATE);
        assertThat(m.chat().id()).isEqualTo(ALICE);
        assertThat(m.chat().key()).isEqualTo("Ali (work)");
        assertThat(m.chat().title()).isEqualTo("Ali (work)");
        assertThat(m.sender().id()).isEqualTo(ALICE);
        assertThat(m.sender().key()).isEqualTo("Ali (work)");
        assertThat(m.sender().kind()).isEqualTo(SenderKind.PERSON);
        assertThat(m.text()).isEqualTo("Hello & welcome\nline 2 😀");
        assertThat(m.kind()).isEqualTo(MessageKind.TEXT);
        assertThat(m.createdAt()).isEqualTo(Instant.ofEpochSecond(1463839052));
        assertThat(m.fromSelf()).isFalse();
        assertThat(m.botNames()).containsExactly("Botty");
    }

    @Test
    void groupTextHasTheSenderFromThePrefixAndTheBotsGroupName() {
        IncomingMessage m = translate(message(TEAM, SELF, 1, BOB + ":<br/>@Team Bot\u2005hi there"));

        assertThat(m.chat().kind()).isEqualTo(ChatKind.GROUP);
        assertThat(m.chat().id()).isEqualTo(TEAM);
        assertThat(m.chat().key()).isEqualTo("Team");
        assertThat(m.chat().title()).isEqualTo("Team");
        assertThat(m.sender().id()).isEqualTo(BOB);
        assertThat(m.sender().name()).isEqualTo("Bobby in Team");
        assertThat(m.sender().key()).isEqualTo("Bob");
        assertThat(m.text()).isEqualTo("@Team Bot\u2005hi there");
        assertThat(m.botNames()).containsExactly("Botty", "Team Bot");
        assertThat(m.mentionsBot()).isTrue();
    }

    @Test
    void mentionsByNicknameOrDisplayNameWithEitherSeparator() {
        assertThat(translate(message(TEAM, SELF, 1, BOB + ":<br/>@Botty hi")).mentionsBot()).isTrue();
        assertThat(translate(message(TEAM, SELF, 1, BOB + ":<br/>hey @Team Bot\u2005hi")).mentionsBot()).isTrue();
        assertThat(translate(message(TEAM, SELF, 1, BOB + ":<br/>thanks @Botty")).mentionsBot()).isTrue();
        assertThat(translate(message(TEAM, SELF, 1, BOB + ":<br/>@Bottyfan hi")).mentionsBot()).isFalse();
        assertThat(translate(message(TEAM, SELF, 1, BOB + ":<br/>no mention here")).mentionsBot()).isFalse();
        assertThat(translate(message(TEAM, SELF, 1, BOB + ":<br/>@Alice\u2005hi")).mentionsBot()).isFalse();
    }

    @Test
    void aFriendInAGroupKeepsTheRemarkNameAsKey() {
        IncomingMessage m = translate(message(TEAM, SELF, 1, ALICE + ":<br/>hi"));

        assertThat(m.sender().name()).isEqualTo("Alice");
        assertThat(m.sender().key()).isEqualTo("Ali (work)");
    }

    @Test
    void theBotsOwnMessagesAreRecognised() {
        IncomingMessage privateOwn = translate(message(SELF, ALICE, 1, "sent from my phone"));
        IncomingMessage groupOwn = translate(message(SELF, TEAM, 1, "me in the group"));

        assertThat(privateOwn.fromSelf()).isTrue();
        assertThat(privateOwn.chat().id()).isEqualTo(ALICE);
        assertThat(privateOwn.sender().id()).isEqualTo(SELF);
        assertThat(groupOwn.fromSelf()).isTrue();
        assertThat(groupOwn.chat().id()).isEqualTo(TEAM);
        assertThat(groupOwn.text()).isEqualTo("me in the group");
        assertThat(groupOwn.mentionsBot()).isFalse();
    }

    @Test
    void officialSpecialAndSystemAccountsAreMarked() {
        assertThat(translate(message(NEWS, SELF, 1, "news")).sender().kind()).isEqualTo(SenderKind.OFFICIAL);
        assertThat(translate(message("filehelper", SELF, 1, "file")).sender().kind()).isEqualTo(SenderKind.SPECIAL);
        assertThat(translate(message("weixin", SELF, 1, "hello")).sender().kind()).isEqualTo(SenderKind.SPECIAL);
        IncomingMessage joined = translate(message(TEAM, SELF, 10000, "\"Carol\" joined the group chat"));
        assertThat(joined.sender().kind()).isEqualTo(SenderKind.SYSTEM);
        assertThat(joined.kind()).isEqualTo(MessageKind.SYSTEM);
        assertThat(translate(message(ALICE, SELF, 10002, "&lt;sysmsg type=\"revokemsg\"&gt;")).kind()).isEqualTo(MessageKind.RECALL);
    }

    @Test
    void kindsFollowMsgTypeAndAppMsgType() {
        assertThat(translate(message(ALICE, SELF, 3, "")).kind()).isEqualTo(MessageKind.IMAGE);
        assertThat(translate(message(ALICE, SELF, 34, "")).kind()).isEqualTo(MessageKind.VOICE);
        assertThat(translate(message(ALICE, SELF, 47, "")).kind()).isEqualTo(MessageKind.EMOTICON);
        ObjectNode location = message(ALICE, SELF, 1, "Somewhere:<br/>/cgi-bin/mmwebwx-bin/webwxgetpubliclinkimg?x");
        location.put("SubMsgType", 48);
        location.put("Url", "https://apis.map.qq.com/x");
        assertThat(translate(location).kind()).isEqualTo(MessageKind.LOCATION);
        ObjectNode redPacket = message(ALICE, SELF, 49, "");
        redPacket.put("AppMsgType", 2001);
        assertThat(translate(redPacket).kind()).isEqualTo(MessageKind.MONEY);
        ObjectNode link = message(ALICE, SELF, 49, "");
        link.put("AppMsgType", 5);
        assertThat(translate(link).kind()).isEqualTo(MessageKind.LINK);
    }

    @Test
    void statusNotificationsAndItemsWithoutIdsAreNotMessages() {
        assertThat(translator.translate(message(SELF, SELF, 51, ""), self, contacts)).isEmpty();
        ObjectNode noId = message(ALICE, SELF, 1, "x");
        noId.remove("MsgId");
        noId.remove("NewMsgId");
        assertThat(translator.translate(noId, self, contacts)).isEmpty();
    }

    @Test
    void unknownChatsFallBackToTheirAddress() {
        String stranger = "@stranger0000000000000000000000";
        IncomingMessage m = translate(message(stranger, SELF, 1, "hi"));
        assertThat(m.chat().key()).isEqualTo(stranger);
        assertThat(m.sender().kind()).isEqualTo(SenderKind.PERSON);
        IncomingMessage inUnknownGroup = translate(message("@@unknown000000000000000000000", SELF, 1, BOB + ":<br/>@Botty q"));
        assertThat(inUnknownGroup.sender().id()).isEqualTo(BOB);
        assertThat(inUnknownGroup.mentionsBot()).isTrue();
    }
}
