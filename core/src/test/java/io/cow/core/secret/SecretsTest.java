package io.cow.core.secret;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsTest {

    @Test
    void registeredSecretsAreReplacedWhereverTheyAppear() {
        Secrets.register("cookie-value-1234567");
        assertThat(Secrets.redact("Set-Cookie: wxsid=cookie-value-1234567; path=/"))
                .isEqualTo("Set-Cookie: wxsid=" + Secrets.MARK + "; path=/");
    }

    @Test
    void keyShapedTokensAreReplacedEvenWhenNotRegistered() {
        assertThat(Secrets.redact("key sk-abcdefghijklmnop123 failed")).isEqualTo("key " + Secrets.MARK + " failed");
        assertThat(Secrets.redact("Authorization: Bearer abc.def.ghi")).isEqualTo("Authorization: Bearer " + Secrets.MARK);
        assertThat(Secrets.redact("authorization: Wechaty puppet_token_xyz")).isEqualTo("authorization: Wechaty " + Secrets.MARK);
        assertThat(Secrets.redact("{\"authorization\":\"tok123\"}")).doesNotContain("tok123");
    }

    @Test
    void theWordWechatyAloneIsNotATokenShape() {
        assertThat(Secrets.redact("Logged in to wechaty as Bot")).isEqualTo("Logged in to wechaty as Bot");
        assertThat(Secrets.redact("Connected to the Wechaty puppet service")).isEqualTo("Connected to the Wechaty puppet service");
        assertThat(Secrets.redact("metadata Authorization=Wechaty puppet_token_xyz")).doesNotContain("puppet_token_xyz");
    }

    @Test
    void shortValuesAreNotRegistered() {
        Secrets.register("abc");
        assertThat(Secrets.redact("abc def")).isEqualTo("abc def");
    }
    @Test
    void keyShapesAreFoundWhateverTheirCase() {
        assertThat(Secrets.redact("AUTHORIZATION: BEARER abc.def.ghi")).doesNotContain("abc.def.ghi");
        assertThat(Secrets.redact("proxy basic dXNlcjpwYXNz")).doesNotContain("dXNlcjpwYXNz");
        assertThat(Secrets.redact("key SK-ABCDEFGHIJKLMNOP123")).doesNotContain("ABCDEFGHIJKLMNOP123");
        assertThat(Secrets.redact("Authorization=Wechaty tok_456789")).doesNotContain("tok_456789");
    }

    @Test
    void linesWithoutAnyKeyWordAreLeftAsTheyAre() {
        assertThat(Secrets.mayHoldKeyShape("🤖 Replied to Alice: 1 message(s), 17 characters (model, 3 ms)")).isFalse();
        assertThat(Secrets.mayHoldKeyShape("a basket of skis")).isFalse();
        assertThat(Secrets.mayHoldKeyShape("Basic")).isTrue();
        assertThat(Secrets.mayHoldKeyShape("mask-")).isTrue();
        String line = "🎯 Triggered by Alice: what is the weather like in Paris?";
        assertThat(Secrets.redact(line)).isSameAs(line);
    }
}
