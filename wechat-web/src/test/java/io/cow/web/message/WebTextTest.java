package io.cow.web.message;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WebTextTest {

    @Test
    void lineBreaksBecomeNewlines() {
        assertThat(WebText.decode("one<br/>two<br>three<br />four")).isEqualTo("one\ntwo\nthree\nfour");
    }

    @Test
    void entitiesAreUnescapedOnce() {
        assertThat(WebText.decode("a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39; &#x4F60; &amp;lt;"))
                .isEqualTo("a <b> & \"c\" 'd' 你 &lt;");
    }

    @Test
    void aTypedBrTagStaysText() {
        assertThat(WebText.decode("&lt;br/&gt;")).isEqualTo("<br/>");
    }

    @Test
    void emojiSpansBecomeCharacters() {
        assertThat(WebText.decode("hi <span class=\"emoji emoji1f600\"></span>!")).isEqualTo("hi 😀!");
        assertThat(WebText.decode("<span class=\"emoji emoji1f1e81f1f3\"></span>")).isEqualTo("🇨🇳");
        assertThat(WebText.decode("<span class=\"emoji emoji263a\"></span>")).isEqualTo("☺");
        assertThat(WebText.decode("<span class=\"emoji emoji1f468200d1f469\"></span>")).isEqualTo("👨\u200d👩");
    }

    @Test
    void plainTextIsUnchanged() {
        assertThat(WebText.decode("just text, 中文 & more")).isEqualTo("just text, 中文 & more");
        assertThat(WebText.decode(null)).isEmpty();
        assertThat(WebText.decode("$1 \\n")).isEqualTo("$1 \\n");
    }
}
