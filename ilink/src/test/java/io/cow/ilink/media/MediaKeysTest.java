package io.cow.ilink.media;

import io.cow.ilink.inbound.MediaRef;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MediaKeysTest {

    private static final byte[] KEY = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
    private static final String HEX = "000102030405060708090a0b0c0d0e0f";

    @Test
    void everyKeyFormOfTheServerGivesTheSameKey() {
        assertThat(MediaKeys.keyOf(new MediaRef("p", "", "", HEX))).isEqualTo(KEY);
        assertThat(MediaKeys.keyOf(new MediaRef("p", "", Base64.getEncoder().encodeToString(KEY), ""))).isEqualTo(KEY);
        assertThat(MediaKeys.keyOf(new MediaRef("p", "", Base64.getEncoder().encodeToString(HEX.getBytes(StandardCharsets.US_ASCII)), "")))
                .isEqualTo(KEY);
    }

    @Test
    void theImageHexKeyWinsOverMediaAesKey() {
        String other = Base64.getEncoder().encodeToString(new byte[16]);
        assertThat(MediaKeys.keyOf(new MediaRef("p", "", other, HEX))).isEqualTo(KEY);
    }

    @Test
    void outboundKeysAreBase64OfTheHexString() {
        assertThat(new String(Base64.getDecoder().decode(MediaKeys.outboundAesKey(KEY)), StandardCharsets.US_ASCII)).isEqualTo(HEX);
    }

    @Test
    void unusableKeysAreReported() {
        assertThatThrownBy(() -> MediaKeys.keyOf(new MediaRef("p", "", "", ""))).hasMessageContaining("no AES key");
        assertThatThrownBy(() -> MediaKeys.keyOf(new MediaRef("p", "", Base64.getEncoder().encodeToString(new byte[7]), "")))
                .hasMessageContaining("7 bytes");
    }
}
