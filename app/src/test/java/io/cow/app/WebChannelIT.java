package io.cow.app;

import io.cow.testkit.openai.FakeOpenAi;
import io.cow.testkit.qr.QrDecoding;
import io.cow.testkit.web.SentMessage;
import io.cow.testkit.web.SimContact;
import io.cow.testkit.web.SimGroup;
import io.cow.testkit.web.SimRequest;
import io.cow.testkit.web.SimulatorOptions;
import io.cow.testkit.web.WebWeChatSimulator;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The built jar with {@code channel: web} (the default) logs in to the simulator, answers, and resumes after a restart. */
class WebChannelIT {

    private static final Duration WAIT = Duration.ofMinutes(2);

    @AutoClose
    private final WebWeChatSimulator sim = WebWeChatSimulator.start(SimulatorOptions.defaults()
            .selfNickName("Botty").syncCheckHold(Duration.ofSeconds(1)).loginPollHold(Duration.ofMillis(300)));
    @AutoClose
    private final FakeOpenAi fake = FakeOpenAi.start();

    @TempDir
    Path work;

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("OPENAI_API_KEY", "sk-web-it-0123456789");
        env.put("OPENAI_BASE_URL", fake.baseUrl());
        env.put("CHATGPT_TRIGGER_KEYWORD", "Hi bot:");
        env.put("COW_DATA_DIR", work.resolve("data").toString());
        env.put("COW_WEB_ENDPOINT", sim.baseUrl());
        env.put("COW_LOG_LEVEL", "DEBUG");
        return env;
    }

    @Test
    void logsInWithTheQrCodeFromTheLogAnswersAndResumesAfterARestart() throws Exception {
        SimContact alice = sim.addFriend("Alice");
        SimGroup team = sim.addGroup("Team", alice).botDisplayName("Team Bot");
        String output;
        try (CowProcess.Running cow = CowProcess.startJar(work, env())) {
            String uuid = sim.awaitQrUuid(WAIT);
            String url = "https://login.weixin.qq.com/l/" + uuid;
            cow.awaitOutput(url, WAIT);
            assertThat(QrDecoding.decodeTerminalArt(cow.output())).isEqualTo(url);
            assertThat(QrDecoding.decodePng(work.resolve("data").resolve("qr.png"))).isEqualTo(url);
            assertThat(cow.output().lines()).contains(url);

            sim.scan(uuid);
            sim.confirm(uuid);
            cow.awaitOutput("🎯 Trigger keyword in group chat is: @Botty Hi bot:", WAIT);
            sim.awaitPolling(WAIT);
            sim.sendText(alice, "Hi bot: hello");
            sim.sendGroupText(team, alice, "@Team Bot\u2005Hi bot: in the group");

            sim.awaitSent(2, WAIT);
            assertThat(sim.sentTo(alice)).extracting(SentMessage::content).containsExactly("Echo: hello");
            assertThat(sim.sentTo(team)).extracting(SentMessage::content).containsExactly("in the group\n----------\nEcho: in the group");
            output = cow.output();
        }
        SimRequest init = sim.requests("webwxinit").get(0);
        for (String secret : new String[]{init.json().path("BaseRequest").path("Skey").asText(),
                init.json().path("BaseRequest").path("Sid").asText(), init.queryParam("pass_ticket")}) {
            assertThat(secret).isNotBlank();
            assertThat(output).doesNotContain(secret);
        }

        try (CowProcess.Running again = CowProcess.startJar(work, env())) {
            again.awaitOutput("Resumed the saved web WeChat session", WAIT);
            sim.awaitPolling(WAIT);
            sim.sendText(alice, "Hi bot: again");

            sim.awaitSent(3, WAIT);
            assertThat(sim.sentTo(alice)).extracting(SentMessage::content).containsExactly("Echo: hello", "Echo: again");
            assertThat(sim.qrUuids()).hasSize(1);
        }
    }
}
