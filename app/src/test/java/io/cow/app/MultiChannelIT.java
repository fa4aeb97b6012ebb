package io.cow.app;

import io.cow.testkit.await.Await;
import io.cow.testkit.ilink.BotBinding;
import io.cow.testkit.ilink.IlinkSimulator;
import io.cow.testkit.ilink.QrCode;
import io.cow.testkit.openai.FakeOpenAi;
import io.cow.testkit.openai.RecordedRequest;
import io.cow.testkit.qr.QrDecoding;
import io.cow.testkit.web.SimContact;
import io.cow.testkit.web.SimGroup;
import io.cow.testkit.web.SimulatorOptions;
import io.cow.testkit.web.WebWeChatSimulator;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One {@code cow run} with a web instance for the groups and an iLink instance for private chats and owner alerts
 * (issue 12's "done when"): both log in, both answer with separate memories, and when web WeChat logs the bot out
 * the owner learns it on iLink, with the new QR code as an image, and again when the login is back.
 */
class MultiChannelIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String OWNER = "o9cq80z1owner@im.wechat";
    private static final int IMAGE = 2;

    @AutoClose
    private final WebWeChatSimulator web = WebWeChatSimulator.start(SimulatorOptions.defaults()
            .selfNickName("Botty").syncCheckHold(Duration.ofSeconds(1)).loginPollHold(Duration.ofMillis(300)));
    @AutoClose
    private final IlinkSimulator ilink = IlinkSimulator.start().holdTime(Duration.ofSeconds(3)).qrStatusHold(Duration.ofSeconds(1));
    @AutoClose
    private final FakeOpenAi model = FakeOpenAi.start();

    @TempDir
    Path work;

    private Path config() throws IOException {
        return Files.writeString(work.resolve("config.yaml"), """
                openaiApiKey: sk-multi-it-0123456789
                model:
                  baseUrl: %s
                  selfTest: false
                chatgptTriggerKeyword: "Hi bot:"
                dataDir: %s
                channels:
                  - name: groups
                    type: web
                    endpoint: %s
                    pushLogin: false
                    reloginInterval: 0s
                    longPollTimeout: 10s
                    retryDelay: 20ms
                    retryMaxDelay: 200ms
                    sendInterval: 0s
                  - name: private
                    type: ilink
                    keyword: ""
                    systemPrompt: You answer the owner in private.
                    baseUrl: %s
                    cdnBaseUrl: %s
                    qrPollInterval: 50ms
                    sendInterval: 0ms
                alerts:
                  ownerChannel: private
                """.formatted(model.baseUrl(), work.resolve("data"), web.baseUrl(), ilink.baseUrl(), ilink.cdnBaseUrl()));
    }

    @Test
    void webForGroupsAndIlinkForPrivateChatsAndOwnerAlerts() throws Exception {
        SimContact alice = web.addFriend("Alice");
        SimGroup team = web.addGroup("Team", alice);
        Path data = work.resolve("data");
        try (CowProcess.Running cow = CowProcess.startJar(work, Map.of(), "run", "--config", config().toString())) {
            try {
                aDayWithTwoChannels(cow, alice, team, data);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\nthe bot's output:\n" + cow.output(), e);
            }
        }
        assertThat(ilink.violations()).isEmpty();
    }

    private void aDayWithTwoChannels(CowProcess.Running cow, SimContact alice, SimGroup team, Path data) throws Exception {
        // Both log in, each with its own QR code file.
        QrCode ilinkQr = ilink.awaitQrCode(1, WAIT);
        awaitPng(data.resolve("qr-private.png"), ilinkQr.imageContent());
        BotBinding binding = ilink.scanAndConfirm(ilinkQr.imageContent(), OWNER);
        cow.awaitOutput("Logged in to private as " + binding.botId(), WAIT);
        ilink.sendText(OWNER, "my private question");
        Await.until("the private answer", WAIT, () -> textsTo(OWNER).contains("Echo: my private question"));

        String uuid = web.awaitQrUuid(WAIT);
        awaitPng(data.resolve("qr-groups.png"), "https://login.weixin.qq.com/l/" + uuid);
        web.scan(uuid);
        web.confirm(uuid);
        cow.awaitOutput("Logged in to groups as Botty", WAIT);
        web.awaitPolling(WAIT);
        web.sendGroupText(team, alice, "@Botty\u2005Hi bot: my group question");
        web.awaitSent(1, WAIT);
        assertThat(web.sentTo(team).get(0).content()).isEqualTo("my group question\n----------\nEcho: my group question");
        assertThat(Files.exists(data.resolve("qr.png"))).as("qr.png is the single channel's file").isFalse();

        // Separate memories: each instance's second question carries its own first turn only.
        ilink.sendText(OWNER, "second private");
        web.sendGroupText(team, alice, "@Botty\u2005Hi bot: second group");
        RecordedRequest privateAsk = awaitRequest("second private");
        RecordedRequest groupAsk = awaitRequest("second group");
        assertThat(contents(privateAsk)).contains("my private question", "You answer the owner in private.")
                .noneMatch(c -> c.contains("group question"));
        assertThat(contents(groupAsk)).anyMatch(c -> c.contains("my group question"))
                .noneMatch(c -> c.contains("private question") || c.contains("You answer the owner in private."));

        // Web WeChat logs the bot out: the owner hears of it on iLink, with the new QR code, then of the recovery.
        int before = ilink.sent().size();
        web.logoutFromPhone(1101);
        Await.until("an alert naming the instance and the reason", WAIT,
                () -> textsAfter(before).stream().anyMatch(t -> t.contains("groups") && t.contains("1101")));
        String newUuid = Await.value("a new web QR code", WAIT, () -> web.qrUuids().size() >= 2 ? web.qrUuids().get(1) : null);
        String newLogin = "https://login.weixin.qq.com/l/" + newUuid;
        Await.until("the new QR code as an image to the owner", WAIT, () -> ilink.sent().stream().skip(before)
                .anyMatch(m -> m.toUser().equals(OWNER) && m.itemType() == IMAGE && decodes(m.media(), newLogin)));
        assertThat(textsAfter(before)).anyMatch(t -> t.contains(newLogin));

        web.scan(newUuid);
        web.confirm(newUuid);
        Await.until("the recovery told to the owner", WAIT,
                () -> textsAfter(before).stream().anyMatch(t -> t.contains("logged in again")));
        ilink.sendText(OWNER, "still there?");
        Await.until("an answer after the recovery", WAIT, () -> textsTo(OWNER).contains("Echo: still there?"));
        assertThat(textsAfter(before).stream().filter(t -> t.contains("logged in again"))).hasSize(1);
        assertThat(cow.output()).as("the bot token is a secret").doesNotContain(binding.token());
        assertThat(textsAfter(0)).noneMatch(t -> t.contains(binding.token()));
    }

    @Test
    void runWithATerminalInstanceAnswersItsInputAndEndsWithIt() throws Exception {
        Path config = Files.writeString(work.resolve("terminal.yaml"), """
                openaiApiKey: sk-multi-it-0123456789
                model:
                  baseUrl: %s
                  selfTest: false
                dataDir: %s
                channels:
                  - name: console
                    type: terminal
                    keyword: "bot,"
                """.formatted(model.baseUrl(), work.resolve("data")));
        CowProcess.Result result = CowProcess.jar(work, Map.of(), "bot, hello\nnot for the bot\nbot, bye\n", WAIT,
                "run", "--config", config.toString());

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.stdout()).contains("bot: Echo: hello", "bot: Echo: bye").doesNotContain("Echo: not for the bot");
        assertThat(result.all()).contains("Every channel has finished");
    }

    private List<String> textsTo(String user) {
        return ilink.sent().stream().filter(m -> m.toUser().equals(user)).map(m -> m.text()).toList();
    }

    private List<String> textsAfter(int index) {
        return ilink.sent().stream().skip(index).filter(m -> m.toUser().equals(OWNER)).map(m -> m.text()).toList();
    }

    private RecordedRequest awaitRequest(String question) {
        return Await.value("the model asked " + question, WAIT, () -> model.requests().stream()
                .filter(r -> r.lastUserMessage().equals(question)).findFirst().orElse(null));
    }

    private static List<String> contents(RecordedRequest request) {
        return request.messages().stream().map(RecordedRequest.Message::content).toList();
    }

    private static boolean decodes(byte[] image, String content) {
        try {
            return image != null && content.equals(QrDecoding.decodeImage(image));
        } catch (IOException e) {
            return false;
        }
    }

    private static void awaitPng(Path png, String content) {
        Await.until(png.getFileName() + " showing " + content, WAIT, () -> {
            try {
                return Files.isRegularFile(png) && content.equals(QrDecoding.decodePng(png));
            } catch (IOException e) {
                return false;
            }
        });
    }
}
