package io.cow.app;

import io.cow.testkit.await.Await;
import io.cow.testkit.ilink.BotBinding;
import io.cow.testkit.ilink.IlinkSimulator;
import io.cow.testkit.ilink.QrCode;
import io.cow.testkit.ilink.SentMessage;
import io.cow.testkit.openai.FakeOpenAi;
import io.cow.testkit.qr.QrDecoding;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code cow.jar} with {@code channel: ilink} against the iLink simulator: QR login, an answer, a restart without a scan. */
class IlinkChannelIT {

    private static final String USER = "o9cq80z1bob@im.wechat";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @AutoClose
    private final IlinkSimulator sim = IlinkSimulator.start().holdTime(Duration.ofSeconds(5)).qrStatusHold(Duration.ofSeconds(1));
    @AutoClose
    private final FakeOpenAi model = FakeOpenAi.start();

    @TempDir
    Path work;

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("OPENAI_API_KEY", "sk-test");
        env.put("OPENAI_BASE_URL", model.baseUrl());
        env.put("COW_CHANNEL", "ilink");
        env.put("COW_DATA_DIR", work.resolve("data").toString());
        env.put("COW_ILINK_BASE_URL", sim.baseUrl());
        env.put("COW_ILINK_CDN_BASE_URL", sim.cdnBaseUrl());
        env.put("COW_ILINK_QR_POLL_INTERVAL", "50ms");
        env.put("COW_ILINK_SEND_INTERVAL", "0ms");
        return env;
    }

    @Test
    void theJarLogsInWithAQrCodeAnswersAndResumesAfterARestart() throws Exception {
        BotBinding binding;
        try (CowProcess.Running cow = CowProcess.startJar(work, env())) {
            QrCode qr = sim.awaitQrCode(1, WAIT);
            cow.awaitOutput(qr.imageContent(), WAIT);
            Path png = work.resolve("data").resolve("qr.png");
            Await.until("qr.png showing the QR code", WAIT, () -> {
                try {
                    return qr.imageContent().equals(QrDecoding.decodePng(png));
                } catch (IOException e) {
                    return false;
                }
            });
            assertThat(QrDecoding.decodeTerminalArt(cow.output())).isEqualTo(qr.imageContent());

            binding = sim.scanAndConfirm(qr.imageContent(), USER);
            cow.awaitOutput("Logged in to ilink as " + binding.botId(), WAIT);
            sim.sendText(USER, "hello from the phone");
            SentMessage reply = sim.awaitSent(1, WAIT).get(0);
            assertThat(reply.text()).isEqualTo("Echo: hello from the phone");
            cow.awaitOutput("🤖 Replied to " + USER, WAIT);
            assertThat(cow.output()).as("the bot token is a secret").doesNotContain(binding.token());
        }
        assertThat(sim.notifications()).containsExactly("start " + binding.botId(), "stop " + binding.botId());

        try (CowProcess.Running again = CowProcess.startJar(work, env())) {
            again.awaitOutput("Resuming the iLink session of bot " + binding.botId(), WAIT);
            again.awaitOutput("Logged in to ilink as " + binding.botId(), WAIT);
            sim.sendText(USER, "still there?");
            assertThat(sim.awaitSent(2, WAIT).get(1).text()).isEqualTo("Echo: still there?");
        }
        assertThat(sim.qrCodes()).as("no second scan").hasSize(1);
        assertThat(sim.violations()).isEmpty();
    }
}
