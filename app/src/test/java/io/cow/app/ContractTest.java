package io.cow.app;

import io.cow.core.message.MessageKind;
import io.cow.testkit.logging.LogCapture;
import io.cow.testkit.openai.Fault;
import io.cow.testkit.openai.RecordedRequest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compatibility contract with the original bot (DESIGN.md, rows 1–10 and 13), one case per row, run
 * through the whole application: configuration, the OpenAI client against a fake OpenAI server, the
 * pipeline, and a recording channel. The strings are the original's.
 */
class ContractTest {

    static final String ERROR_MESSAGE = "🤖️：ChatGPT摆烂了，请稍后再试～";

    /**
     * One row of the contract.
     *
     * @param row       the row number in DESIGN.md
     * @param env       environment variables for this case
     * @param overrides settings for this case
     * @param check     drives the bot and asserts; gets the harness and the captured log
     */
    record Row(String row, String behaviour, Map<String, String> env, Map<String, Object> overrides, Check check) {
        @Override
        public String toString() {
            return "row " + row + ": " + behaviour;
        }
    }

    interface Check {
        void run(BotHarness bot, LogCapture log) throws Exception;
    }

    static Stream<Row> rows() {
        return Stream.of(
                new Row("1", "private chat: the keyword triggers and is cut off", Map.of("CHATGPT_TRIGGER_KEYWORD", "Hi bot:"), Map.of(),
                        (bot, log) -> {
                            bot.deliver(bot.privateText("Alice", "Hi bot: hello"), bot.privateText("Alice", "hello"));
                            assertThat(bot.questions()).containsExactly("hello");
                            assertThat(bot.sent()).containsExactly("Echo: hello");
                        }),
                new Row("1", "private chat: an empty keyword answers every message", Map.of(), Map.of(),
                        (bot, log) -> {
                            bot.deliver(bot.privateText("Alice", "hello"), bot.privateText("Bob", "how are you"));
                            assertThat(bot.questions()).containsExactlyInAnyOrder("hello", "how are you");
                        }),
                new Row("2", "group chat: @<bot name><separator><keyword> triggers, with nickname or group display name",
                        Map.of("CHATGPT_TRIGGER_KEYWORD", "Hi bot:"), Map.of(),
                        (bot, log) -> {
                            bot.deliver(
                                    bot.groupText("Team", "Alice", "@Bot\u2005Hi bot: from a phone"),
                                    bot.groupText("Team", "Alice", "@Bot Hi bot: from a PC"),
                                    bot.groupText("Team", "Alice", "@Bot in Team\u2005Hi bot: by display name"),
                                    bot.groupText("Team", "Alice", "Hi bot: without the mention"),
                                    bot.groupText("Team", "Alice", "@Bot without the keyword"));
                            assertThat(bot.questions()).containsExactly("from a phone", "from a PC", "by display name");
                        }),
                new Row("2", "group chat: an empty keyword answers any @<bot name>", Map.of(), Map.of(),
                        (bot, log) -> {
                            bot.deliver(bot.groupText("Team", "Alice", "@Bot\u2005what time is it"),
                                    bot.groupText("Team", "Alice", "what time is it"));
                            assertThat(bot.questions()).containsExactly("what time is it");
                        }),
                new Row("3", "a quoted reply uses only the part after the last separator line",
                        Map.of("CHATGPT_TRIGGER_KEYWORD", "Hi bot:"), Map.of(),
                        (bot, log) -> {
                            bot.deliver(bot.privateText("Alice", "「Alice：Hi bot: old question」\n- - - - - - - - - - - - - - -\nHi bot: new question"));
                            assertThat(bot.questions()).containsExactly("new question");
                        }),
                new Row("4", "group answers quote the question", Map.of(), Map.of(),
                        (bot, log) -> {
                            bot.fake.answerWith("Four.");
                            bot.deliver(bot.groupText("Team", "Alice", "@Bot what is 2+2?"));
                            assertThat(bot.sent()).containsExactly("what is 2+2?\n----------\nFour.");
                            assertThat(bot.channel.sent().get(0).mentionIds()).containsExactly("u-Alice");
                        }),
                new Row("5", "answers longer than 500 characters are sent in order as messages of at most 500", Map.of(), Map.of(),
                        (bot, log) -> {
                            String answer = "a".repeat(500) + "b".repeat(500) + "c".repeat(200);
                            bot.fake.answerWith(answer);
                            bot.deliver(bot.privateText("Alice", "tell me a long story"));
                            assertThat(bot.sent()).containsExactly("a".repeat(500), "b".repeat(500), "c".repeat(200));
                        }),
                new Row("6", "a failed model call gives the error message, and the log the status and the API's message",
                        Map.of("COW_MODEL_MAX_RETRIES", "1"), Map.of(),
                        (bot, log) -> {
                            bot.fake.failAlways(Fault.serverError());
                            bot.deliver(bot.privateText("Alice", "hello"));
                            assertThat(bot.sent()).containsExactly(ERROR_MESSAGE);
                            assertThat(log.text()).contains("Code 500: The server had an error while processing your request. Sorry about that!");
                            bot.fake.heal();
                            bot.deliver(bot.privateText("Alice", "hello again"));
                            assertThat(bot.sent()).containsExactly(ERROR_MESSAGE, "Echo: hello again");
                        }),
                new Row("7", "messages older than the bot's start are never answered", Map.of(), Map.of(),
                        (bot, log) -> {
                            bot.deliver(bot.privateText("Alice", "sent before the start").createdAt(Instant.now().minusSeconds(120)),
                                    bot.privateText("Alice", "sent after the start"));
                            assertThat(bot.questions()).containsExactly("sent after the start");
                        }),
                new Row("8", "non-text, 微信团队, official accounts, call/red-packet notices, location links and own messages are ignored",
                        Map.of(), Map.of(),
                        (bot, log) -> {
                            bot.deliver(
                                    bot.privateText("Alice", "[image]").kind(MessageKind.IMAGE),
                                    bot.privateText("微信团队", "欢迎使用微信"),
                                    bot.privateText("Alice", "收到一条视频/语音聊天消息，请在手机上查看"),
                                    bot.privateText("Alice", "收到红包，请在手机上查看"),
                                    bot.privateText("Alice", "/cgi-bin/mmwebwx-bin/webwxgetpubliclinkimg?url=xxx"),
                                    bot.privateText("Alice", "I wrote this myself").fromSelf(true),
                                    bot.officialText("News", "breaking news"),
                                    bot.privateText("Alice", "a real question"));
                            assertThat(bot.questions()).containsExactly("a real question");
                        }),
                new Row("8", "with selfChat the bot's own account may ask, but its echoed answers are not re-answered",
                        Map.of("COW_SELF_CHAT", "true"), Map.of(),
                        (bot, log) -> {
                            bot.deliver(bot.privateText("Me", "my own question").fromSelf(true));
                            bot.deliver(bot.privateText("Me", "Echo: my own question").fromSelf(true));
                            assertThat(bot.questions()).containsExactly("my own question");
                        }),
                new Row("9", "the system prompt asks for the user's language, concisely, and gives the current date", Map.of(), Map.of(),
                        (bot, log) -> {
                            bot.deliver(bot.privateText("Alice", "hi"));
                            List<RecordedRequest.Message> messages = bot.fake.requests().get(0).messages();
                            assertThat(messages.get(0).role()).isEqualTo("system");
                            assertThat(messages.get(0).content()).contains("user's language").contains("concisely")
                                    .contains("Current date: " + LocalDate.now());
                        }),
                new Row("10", "at start the trigger lines are logged and one test request is made", Map.of("CHATGPT_TRIGGER_KEYWORD", "Hi bot:",
                        "COW_MODEL_SELF_TEST", "true"), Map.of(),
                        (bot, log) -> {
                            bot.fake.awaitRequests(1, Duration.ofSeconds(30));
                            assertThat(bot.fake.requests().get(0).lastUserMessage()).isEqualTo("Say Hello World");
                            log.awaitContaining("✅ Model gpt-4o works", Duration.ofSeconds(30));
                            assertThat(log.text()).contains("🎯 Trigger keyword in private chat is: Hi bot:")
                                    .contains("🎯 Trigger keyword in group chat is: @Bot Hi bot:");
                        }),
                new Row("10", "a failing start-up test is logged with the status and the bot goes on", Map.of("COW_MODEL_SELF_TEST", "true",
                        "COW_MODEL_MAX_RETRIES", "0", "OPENAI_API_KEY", "sk-wrong-key-0000000000"), Map.of(),
                        (bot, log) -> {
                            log.awaitContaining("❌ Model gpt-4o failed the start-up test: Code 401", Duration.ofSeconds(30));
                        }),
                new Row("13", "a plugin answers any message containing its word, before and instead of the model", Map.of(),
                        Map.of("plugins.keywordReplies", List.of(Map.of("keyword", "麦扣", "reply", "🤖️：call我做咩啊大佬"))),
                        (bot, log) -> {
                            bot.deliver(bot.privateText("Alice", "麦扣在吗"), bot.groupText("Team", "Bob", "有人叫麦扣吗"));
                            assertThat(bot.sent()).containsExactly("🤖️：call我做咩啊大佬", "🤖️：call我做咩啊大佬");
                            assertThat(bot.questions()).isEmpty();
                        })
        );
    }

    @TempDir
    Path data;

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void contract(Row row) throws Exception {
        try (LogCapture log = LogCapture.capture(); BotHarness bot = new BotHarness(data, row.env(), row.overrides())) {
            row.check().run(bot, log);
        }
    }
}
