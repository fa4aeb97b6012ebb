package io.cow.app.login;

import io.cow.core.channel.LoginQrCode;
import io.cow.core.login.LoginState;
import io.cow.testkit.logging.LogCapture;
import io.cow.testkit.qr.QrDecoding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Each login QR code is logged as scannable art with its link and saved as a PNG named after its instance. */
class QrCodeFilesTest {

    private static final String WEB_LOGIN = "https://login.weixin.qq.com/l/4dcaWx3uBw==";
    private static final String ILINK_LOGIN = "https://liteapp.weixin.qq.com/q/7GiQu1?qrcode=0123&bot_type=3";

    private static LoginState waiting(String instance, String type, String url) {
        return LoginState.starting(instance, type, Instant.EPOCH).waitingForScan(new LoginQrCode(url, "Scan with WeChat"), Instant.EPOCH);
    }

    @Test
    void withOneChannelTheCodeIsLoggedAndSavedAsQrPng(@TempDir Path data) throws Exception {
        try (LogCapture log = LogCapture.capture()) {
            new QrCodeFiles(data, true).loginChanged(null, waiting("web", "web", WEB_LOGIN));
            String event = log.awaitContaining("Scan with WeChat", Duration.ofSeconds(5));
            assertThat(QrDecoding.decodeTerminalArt(event)).isEqualTo(WEB_LOGIN);
            assertThat(event.lines()).contains(WEB_LOGIN);
        }
        assertThat(QrDecoding.decodePng(data.resolve("qr.png"))).isEqualTo(WEB_LOGIN);
    }

    @Test
    void withSeveralChannelsEachInstanceHasItsOwnFileAndIsNamedInTheLog(@TempDir Path data) throws Exception {
        QrCodeFiles files = new QrCodeFiles(data, false);
        try (LogCapture log = LogCapture.capture()) {
            files.loginChanged(null, waiting("groups", "web", WEB_LOGIN));
            files.loginChanged(null, waiting("private", "ilink", ILINK_LOGIN));
            assertThat(log.awaitContaining("[groups] Scan with WeChat", Duration.ofSeconds(5))).contains("qr-groups.png");
            assertThat(log.awaitContaining("[private] Scan with WeChat", Duration.ofSeconds(5))).contains("qr-private.png");
        }
        assertThat(QrDecoding.decodePng(data.resolve("qr-groups.png"))).isEqualTo(WEB_LOGIN);
        assertThat(QrDecoding.decodePng(data.resolve("qr-private.png"))).isEqualTo(ILINK_LOGIN);
        assertThat(Files.exists(data.resolve("qr.png"))).isFalse();
    }

    @Test
    void aCountdownToTheNextCodeDoesNotLogTheCodeAgain(@TempDir Path data) throws Exception {
        QrCodeFiles files = new QrCodeFiles(data, true);
        LoginState waiting = waiting("web", "web", WEB_LOGIN);
        try (LogCapture log = LogCapture.capture()) {
            files.loginChanged(null, waiting);
            files.loginChanged(waiting, waiting.nextAttemptAt(Instant.EPOCH.plusSeconds(60)));
            log.awaitContaining("Scan with WeChat", Duration.ofSeconds(5));
            assertThat(log.text().split("Scan with WeChat", -1)).as("logged once").hasSize(2);
        }
    }

    @Test
    void otherLoginChangesWriteNothing(@TempDir Path data) throws Exception {
        new QrCodeFiles(data, true).loginChanged(null, LoginState.starting("web", "web", Instant.EPOCH).loggedOut("1101", Instant.EPOCH));
        try (var files = Files.list(data)) {
            assertThat(files).isEmpty();
        }
    }
}
