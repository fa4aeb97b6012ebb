package io.cow.app.channels;

import io.cow.testkit.await.Await;
import io.cow.testkit.openai.FakeOpenAi;
import io.cow.testkit.openai.RecordedRequest;
import io.cow.testkit.qr.QrDecoding;
import io.cow.testkit.web.SentMessage;
import io.cow.testkit.web.SimChat;
import io.cow.testkit.web.SimContact;
import io.cow.testkit.web.SimGroup;
import io.cow.testkit.web.SimulatorOptions;
import io.cow.testkit.web.WebWeChatSimulator;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two web WeChat accounts in one bot, each against its own simulator: each answers its own chats with its own
 * keyword, remembers its own conversations, and nothing crosses over, although both accounts have a friend of the
 * same name and a group of the same topic (the same stable chat keys, which conversations are kept under). One
 * instance's access list and Markdown setting are its own.
 */
class TwoWebAccountsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @AutoClose
    private final WebWeChatSimulator first = WebWeChatSimulator.start(SimulatorOptions.defaults()
            .selfNickName("First Bot").syncCheckHold(Duration.ofMillis(500)).loginPollHold(Duration.ofMillis(200)));
    @AutoClose
    private final WebWeChatSimulator second = WebWeChatSimulator.start(SimulatorOptions.defaults()
            .selfNickName("Second Bot").syncCheckHold(Duration.ofMillis(500)).loginPollHold(Duration.ofMillis(200)));
    @AutoClose
    private final FakeOpenAi model = FakeOpenAi.start();

    @TempDir
    Path dir;

    private String config() {
        return """
                openaiApiKey: sk-two-web-0123456789
                model:
                  baseUrl: %s
                  selfTest: false
                chatgptTriggerKeyword: "Hi bot:"
                dataDir: %s
                web:
                  longPollTimeout: 10s
                  retryDelay: 20ms
                  retryMaxDelay: 200ms
                  sendInterval: 0s
                  reloginInterval: 0s
                channels:
                  - name: first
                    type: web
                    endpoint: %s
                    access:
                      deny: [Carol]
                  - name: second
                    type: web
                    endpoint: %s
                    keyword: "Yo:"
                    reply:
                      markdown: keep
                """.formatted(model.baseUrl(), dir.resolve("data"), first.baseUrl(), second.baseUrl());
    }

    @Test
    void eachAccountAnswersItsOwnChatsAndRemembersOnlyThem() throws Exception {
        SimContact alice1 = first.addFriend("Alice");
        SimContact alice2 = second.addFriend("Alice");
        SimGroup team1 = first.addGroup("Team", alice1);
        SimGroup team2 = second.addGroup("Team", alice2);
        SimContact carol1 = first.addFriend("Carol");
        SimContact carol2 = second.addFriend("Carol");
        try (ConfiguredBot bot = ConfiguredBot.start(dir, config())) {
            String uuid1 = first.awaitQrUuid(WAIT);
            String uuid2 = second.awaitQrUuid(WAIT);
            Path data = dir.resolve("data");
            Await.until("both QR files", WAIT, () -> decodes(data.resolve("qr-first.png"), "https://login.weixin.qq.com/l/" + uuid1)
                    && decodes(data.resolve("qr-second.png"), "https://login.weixin.qq.com/l/" + uuid2));
            first.scan(uuid1);
            first.confirm(uuid1);
            second.scan(uuid2);
            second.confirm(uuid2);
            first.awaitPolling(WAIT);
            second.awaitPolling(WAIT);
            Await.until("both logged in", WAIT, () -> bot.bot.account("first").isPresent() && bot.bot.account("second").isPresent());

            first.sendText(alice1, "Hi bot: apples");
            second.sendText(alice2, "Yo: pears");
            second.sendText(alice2, "Hi bot: not my keyword");
            first.sendGroupText(team1, alice1, "@First Bot\u2005Hi bot: red team");
            second.sendGroupText(team2, alice2, "@Second Bot\u2005Yo: blue team");
            first.sendText(carol1, "Hi bot: am I denied here?");
            second.sendText(carol2, "Yo: and here?");
            assertThat(awaitTexts(first, alice1, 1)).containsExactly("Echo: apples");
            assertThat(awaitTexts(second, alice2, 1)).containsExactly("Echo: pears");
            assertThat(awaitTexts(first, team1, 1)).containsExactly("red team\n----------\nEcho: red team");
            assertThat(awaitTexts(second, team2, 1)).containsExactly("blue team\n----------\nEcho: blue team");
            assertThat(awaitTexts(second, carol2, 1)).as("only the first instance denies Carol").containsExactly("Echo: and here?");

            first.sendText(alice1, "Hi bot: which fruit?");
            second.sendText(alice2, "Yo: which fruit?");
            assertThat(awaitTexts(first, alice1, 2)).containsExactly("Echo: apples", "Echo: which fruit?");
            assertThat(awaitTexts(second, alice2, 2)).containsExactly("Echo: pears", "Echo: which fruit?");

            List<RecordedRequest> asked = model.requests().stream().filter(r -> r.lastUserMessage().equals("which fruit?")).toList();
            assertThat(asked).hasSize(2);
            assertThat(asked).filteredOn(r -> history(r).contains("apples")).singleElement()
                    .satisfies(r -> assertThat(history(r)).doesNotContain("pears", "team"));
            assertThat(asked).filteredOn(r -> history(r).contains("pears")).singleElement()
                    .satisfies(r -> assertThat(history(r)).doesNotContain("apples", "team"));

            first.sendText(alice1, "Hi bot: **bold** words");
            second.sendText(alice2, "Yo: **bold** words");
            assertThat(awaitTexts(first, alice1, 3)).last().as("reply.markdown: plain, the default").isEqualTo("Echo: bold words");
            assertThat(awaitTexts(second, alice2, 3)).last().as("the second instance's own reply.markdown: keep")
                    .isEqualTo("Echo: **bold** words");
        }
        assertThat(first.sent()).extracting(SentMessage::content).noneMatch(t -> t.contains("pears") || t.contains("blue")
                || t.contains("denied"));
        assertThat(second.sent()).extracting(SentMessage::content).noneMatch(t -> t.contains("apples") || t.contains("red")
                || t.contains("not my keyword"));
    }

    private static String history(RecordedRequest request) {
        List<RecordedRequest.Message> messages = request.messages();
        return String.join("\n", messages.subList(0, messages.size() - 1).stream().map(RecordedRequest.Message::content).toList());
    }

    private static List<String> awaitTexts(WebWeChatSimulator sim, SimChat chat, int count) {
        Await.until(count + " text(s) to " + chat.name(), WAIT, () -> sim.sentTo(chat).size() >= count);
        return sim.sentTo(chat).stream().map(SentMessage::content).toList();
    }

    private static boolean decodes(Path png, String content) {
        try {
            return java.nio.file.Files.isRegularFile(png) && content.equals(QrDecoding.decodePng(png));
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
