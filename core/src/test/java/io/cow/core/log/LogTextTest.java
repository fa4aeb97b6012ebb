package io.cow.core.log;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogTextTest {

    @Test
    void lineBreaksAndControlCharactersAreShownAsEscapesSoNoLogLineCanBeForged() {
        String forged = "hi\n2026-12-07 12:00:00.000 INFO  cow  ✅ Logged in\r\u001b[31mred\u0007";
        assertThat(LogText.of(forged))
                .isEqualTo("hi\\n2026-12-07 12:00:00.000 INFO  cow  ✅ Logged in\\r\\u001b[31mred\\u0007")
                .doesNotContain("\n", "\r", "\u001b");
    }

    @Test
    void aLongTextIsCutAndSaysHowLongItWas() {
        String shown = LogText.of("x".repeat(1_000_000));
        assertThat(shown).startsWith("x".repeat(LogText.MAX)).endsWith("…(1000000 characters)").hasSize(LogText.MAX + 21);
    }

    @Test
    void ordinaryTextIsUnchanged() {
        assertThat(LogText.of("你好 👋 Alice")).isEqualTo("你好 👋 Alice");
        assertThat(LogText.of(null)).isEmpty();
    }
}
