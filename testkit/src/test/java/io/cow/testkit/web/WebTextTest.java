package io.cow.testkit.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WebTextTest {

    @Test
    void contentIsEscapedWithBreaksAndEmojiSpans() {
        assertThat(WebText.content("<b>&</b>\r\nok 👍 ☀", true))
                .isEqualTo("&lt;b&gt;&amp;&lt;/b&gt;<br/>ok <span class=\"emoji emoji1f44d\"></span> ☀");
        assertThat(WebText.content("👍", false)).isEqualTo("👍");
    }

    @Test
    void namesKeepTheirCharactersButEmojiBecomeSpans() {
        assertThat(WebText.name("A&B 🐱", true)).isEqualTo("A&B <span class=\"emoji emoji1f431\"></span>");
    }

    @Test
    void consoleWordsKeepQuotedParts() {
        assertThat(WebWeChatSimulatorMain.words("say \"Big Team\"  hello there"))
                .containsExactly("say", "Big Team", "hello", "there");
    }
}
