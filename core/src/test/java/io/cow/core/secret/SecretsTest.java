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
}
