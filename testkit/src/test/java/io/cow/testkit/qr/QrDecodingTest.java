package io.cow.testkit.qr;

import io.cow.core.channel.LoginQrCode;
import io.cow.core.login.QrCodeLog;
import io.cow.core.login.QrCodes;
import io.cow.testkit.logging.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The QR code the bot logs and saves is one a phone can read, and it fits a terminal. */
class QrDecodingTest {

    private static final String WEB_LOGIN = "https://login.weixin.qq.com/l/4dcaWx3uBw==";
    private static final String ILINK_LOGIN = "https://liteapp.weixin.qq.com/q/7GiQu1?qrcode=0123456789abcdef0123456789abcdef&bot_type=3";

    @Test
    void theTerminalArtDecodesToTheUrlAndFitsIn80Columns() {
        for (String url : new String[]{WEB_LOGIN, ILINK_LOGIN}) {
            String art = QrCodes.terminalArt(QrCodes.encode(url));
            assertThat(art.lines().mapToInt(String::length).max().orElseThrow()).isLessThanOrEqualTo(80);
            assertThat(QrDecoding.decodeTerminalArt(art)).isEqualTo(url);
        }
    }

    @Test
    void theLoggedQrAndTheSavedPngBothHoldTheUrl(@TempDir Path data) throws Exception {
        try (LogCapture log = LogCapture.capture()) {
            new QrCodeLog(data).show(new LoginQrCode(WEB_LOGIN, "Scan with WeChat"));
            String event = log.awaitContaining("Scan with WeChat", java.time.Duration.ofSeconds(5));
            assertThat(QrDecoding.decodeTerminalArt(event)).isEqualTo(WEB_LOGIN);
            assertThat(event.lines()).contains(WEB_LOGIN);
        }
        assertThat(QrDecoding.decodePng(data.resolve("qr.png"))).isEqualTo(WEB_LOGIN);
    }
}
