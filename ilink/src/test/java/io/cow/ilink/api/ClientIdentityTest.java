package io.cow.ilink.api;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientIdentityTest {

    @Test
    void theClientVersionIsPackedIntoOneNumber() {
        assertThat(ClientIdentity.of("2.4.9", "").clientVersionNumber()).isEqualTo("132105");
        assertThat(ClientIdentity.of("2.2.0", "").clientVersionNumber()).isEqualTo("131584");
        assertThat(ClientIdentity.of("0.1.0", "").clientVersionNumber()).isEqualTo("256");
    }

    @Test
    void aWechatUinIsBase64OfADecimalUint32AndNewEachTime() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String uin = ClientIdentity.newWechatUin();
            String decimal = new String(Base64.getDecoder().decode(uin), StandardCharsets.UTF_8);
            assertThat(decimal).matches("\\d{1,10}");
            assertThat(Long.parseLong(decimal)).isBetween(0L, 0xFFFFFFFFL);
            seen.add(uin);
        }
        assertThat(seen).hasSizeGreaterThan(195);
        assertThat(Base64.getEncoder().encodeToString("123".getBytes(StandardCharsets.UTF_8))).isEqualTo("MTIz");
    }

    @Test
    void baseInfoNamesTheBotAndItsVersion() {
        ClientIdentity identity = ClientIdentity.of("2.4.9", "tag");
        assertThat(identity.baseInfo().path("channel_version").asText()).isEqualTo("2.4.9");
        assertThat(identity.baseInfo().path("bot_agent").asText()).matches("ChatGPT-on-WeChat-Java/\\S+ \\(cow; iLink channel\\)");
        assertThatThrownBy(() -> new ClientIdentity("2.4.9", "Bot/1 (中文)", "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void idsAreReadExactlyWhetherNumbersOrStrings() throws Exception {
        var json = Json.MAPPER.readTree("{\"a\":18446744073709551615,\"b\":9007199254740993,\"c\":\"7495426660285223688\",\"d\":0}");
        assertThat(Json.id(json.get("a"))).isEqualTo("18446744073709551615");
        assertThat(Json.id(json.get("b"))).isEqualTo("9007199254740993");
        assertThat(Json.id(json.get("c"))).isEqualTo("7495426660285223688");
        assertThat(Json.id(json.get("d"))).isEmpty();
        assertThat(Json.id(json.get("missing"))).isEmpty();
    }
}
