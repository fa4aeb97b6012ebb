package io.cow.testkit.qr;

import io.cow.core.login.QrCodes;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The QR code the bot draws is one a phone can read, and it fits a terminal. */
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
    void thePngDecodesToTheUrl() throws Exception {
        for (String url : new String[]{WEB_LOGIN, ILINK_LOGIN}) {
            assertThat(QrDecoding.decodeImage(QrCodes.png(QrCodes.encode(url)))).isEqualTo(url);
        }
    }
}
