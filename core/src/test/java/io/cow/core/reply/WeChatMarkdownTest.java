package io.cow.core.reply;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Markdown as WeChat shows it: one case per construct, and a streamed answer renders the same as the whole. */
class WeChatMarkdownTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("heading", "# Title\n\nText under it.", "【Title】\n\nText under it."),
                Arguments.of("sub-heading", "### 第三节：总结", "【第三节：总结】"),
                Arguments.of("bold and italic", "This is **bold**, *italic* and ***both***.", "This is bold, italic and both."),
                Arguments.of("inline code", "Run `./cow chat` now.", "Run ./cow chat now."),
                Arguments.of("bullet list", "- one\n- two\n- three", "• one\n• two\n• three"),
                Arguments.of("nested list", "- fruit\n  - apple\n  - pear\n- vegetable",
                        "• fruit\n  • apple\n  • pear\n• vegetable"),
                Arguments.of("ordered list", "1. first\n2. second\n10. tenth", "1. first\n2. second\n3. tenth"),
                Arguments.of("ordered list from 3", "3. three\n4. four", "3. three\n4. four"),
                Arguments.of("numbered with nested bullets", "1. Step one\n   - detail\n2. Step two",
                        "1. Step one\n   • detail\n2. Step two"),
                Arguments.of("quote", "> to be\n> or not", "> to be\n> or not"),
                Arguments.of("code fence", "Example:\n\n```java\nint x = 1;\n  x++;\n```", "Example:\n\nint x = 1;\n  x++;"),
                Arguments.of("code fence with blank line", "```\na\n\nb\n```", "a\n\nb"),
                Arguments.of("link", "See [the docs](https://example.com/docs).", "See the docs (https://example.com/docs)."),
                Arguments.of("autolink", "<https://example.com>", "https://example.com"),
                Arguments.of("image", "![a cat](https://example.com/cat.png)", "a cat (https://example.com/cat.png)"),
                Arguments.of("table", "| Name | Age |\n|------|----:|\n| Alice | 30 |\n| Bob | 4 |",
                        "Name  | Age\n------+----\nAlice |  30\nBob   |   4"),
                Arguments.of("table with CJK", "| 城市 | 人口 |\n|---|---|\n| 北京 | 2189万 |\n| Oslo | 0.7M |",
                        "城市 | 人口\n-----+-------\n北京 | 2189万\nOslo | 0.7M"),
                Arguments.of("rule", "above\n\n---\n\nbelow", "above\n\n" + WeChatMarkdown.RULE + "\n\nbelow"),
                Arguments.of("strikethrough", "~~old~~ new", "old new"),
                Arguments.of("CJK paragraph", "你好，**世界**！今天天气*很好*。", "你好，世界！今天天气很好。"),
                Arguments.of("emoji", "Great job 🎉👍🏽 **well done** 👨‍👩‍👧", "Great job 🎉👍🏽 well done 👨‍👩‍👧"),
                Arguments.of("escaped signs", "1 \\* 2 \\_ 3", "1 * 2 _ 3"),
                Arguments.of("plain text", "Just text.\nSecond line.", "Just text.\nSecond line."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rendersForWeChat(String name, String markdown, String expected) {
        assertThat(WeChatMarkdown.render(markdown)).isEqualTo(expected);
    }

    static Stream<String> answers() {
        return Stream.of(
                """
                # 旅行建议 ✈️

                去**北京**旅游，建议：

                1. 参观故宫
                   - 提前在网上预约
                   - 避开节假日
                2. 品尝*北京烤鸭*

                | 景点 | 门票 |
                |---|---:|
                | 故宫 | 60元 |
                | 长城 | 40元 |

                > 注意：天气变化大。

                ```python
                print("hello")

                print("world")
                ```

                More at [the guide](https://example.com/guide). 祝你旅途愉快！🎉
                """,
                "A long paragraph without any sign at all that goes on and on so that it is cut while it is still being "
                        + "written, across lines\nthat all start with letters and continue the same paragraph, "
                        + "then a closing sentence with **bold** in it.\n\nAnd a second paragraph.",
                "字".repeat(700),
                "Plain answer ending without a newline",
                "Wow! An exclamation, then an image ![a cat](https://example.com/cat.png) and a quote > mid-line. Done!",
                "Sure! 这是一个简短的回答，用来测量模型路径的开销。It mixes English and 中文 text, like real answers do.");
    }

    @ParameterizedTest
    @MethodSource("answers")
    void aStreamedAnswerRendersTheSameAsTheWhole(String answer) {
        Random random = new Random(answer.hashCode());
        for (int run = 0; run < 30; run++) {
            StringBuilder streamed = new StringBuilder();
            List<String> pieces = new ArrayList<>();
            MarkdownStream stream = new MarkdownStream(MarkdownMode.PLAIN, pieces::add);
            int at = 0;
            while (at < answer.length()) {
                int end = Math.min(answer.length(), at + 1 + random.nextInt(run % 3 == 0 ? 3 : 12));
                if (end < answer.length() && Character.isHighSurrogate(answer.charAt(end - 1))) {
                    end++;
                }
                stream.append(answer.substring(at, end));
                at = end;
            }
            stream.finish();
            pieces.forEach(streamed::append);
            assertThat(streamed.toString()).isEqualTo(WeChatMarkdown.render(answer));
            if (answer.length() > 600) {
                assertThat(pieces).as("a long answer is passed on while it streams").hasSizeGreaterThan(1);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("answers")
    void keepSendsTheAnswerAsWritten(String answer) {
        StringBuilder out = new StringBuilder();
        MarkdownStream stream = new MarkdownStream(MarkdownMode.KEEP, out::append);
        stream.append(answer.substring(0, answer.length() / 2));
        stream.append(answer.substring(answer.length() / 2));
        stream.finish();
        assertThat(out.toString()).isEqualTo(answer);
    }
}
