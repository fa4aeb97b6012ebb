package io.cow.app.model;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.openai.OpenAiTokenCountEstimator;
import io.cow.core.conversation.GroupScope;
import io.cow.core.conversation.HistoryWindow;
import io.cow.core.conversation.MemoryOptions;
import io.cow.core.conversation.StoredConversationMemory;
import io.cow.core.message.Chat;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.Sender;
import io.cow.core.model.Answer;
import io.cow.core.store.InMemoryConversationStore;
import io.cow.testkit.await.Await;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The tokenizer's cheap bound holds for every kind of text, and spares short conversations the encoding. */
class ModelTokenizerTest {

    private static List<String> texts() {
        List<String> texts = new ArrayList<>(List.of("", " ", "hello", "Hello, world! 123 4567 89012",
                "你好，世界。今天天气怎么样？", "😀😃😄 👨‍👩‍👧‍👦 🇨🇳", "e\u0301 a\u0308 \u200b",
                "<|endoftext|> <|im_start|>user", "    \n\n\t\t  ", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                "https://example.com/a?b=c&d=e#f", "{\"json\": [1, 2, 3], \"x\": null}", "Ünïcödé façade naïve"));
        Random random = new Random(7);
        int[][] ranges = {{0x20, 0x7e}, {0xa0, 0x24f}, {0x4e00, 0x9fff}, {0x1f300, 0x1faff}, {0x0, 0x10ffff}};
        for (int i = 0; i < 200; i++) {
            int[] range = ranges[i % ranges.length];
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(300);
            while (text.length() < length) {
                int c = range[0] + random.nextInt(range[1] - range[0] + 1);
                if (c < 0xd800 || c > 0xdfff) { // well-formed text only: jtokkit asserts that its input is
                    text.appendCodePoint(c);
                }
            }
            texts.add(text.toString());
        }
        return texts;
    }

    @Test
    void aMegabyteWithoutSpacesOrOfChineseIsCountedPieceByPieceAndExactlyWhereThePiecesDoNotSplitTokens() {
        ModelTokenizer tokenizer = new ModelTokenizer("gpt-4o");
        // Runs of one letter are 8 letters a token, and each CJK character here is a token: pieces of 8,192 split none.
        assertThat(tokenizer.estimateTokenCountInText("x".repeat(1 << 20))).isEqualTo((1 << 20) / 8);
        assertThat(tokenizer.estimateTokenCountInText("中".repeat(350_000))).isEqualTo(350_000);
        String words = "the quick brown fox jumps over the lazy dog ".repeat(2_000);
        assertThat(tokenizer.estimateTokenCountInText(words)).as("cut only at spaces: words are not split")
                .isEqualTo(new OpenAiTokenCountEstimator("gpt-4o").estimateTokenCountInText(words));
    }

    @Test
    void theBoundIsNeverBelowTheCountOfAnyEncoding() {
        // gpt-4o: o200k_base; gpt-3.5-turbo: cl100k_base; a model jtokkit does not know: the fallback.
        for (String model : List.of("gpt-4o", "gpt-3.5-turbo", "deepseek-chat")) {
            ModelTokenizer tokenizer = new ModelTokenizer(model);
            for (String text : texts()) {
                List<ChatMessage> messages = List.of(UserMessage.from(text), UserMessage.from("alice_01", text),
                        AiMessage.from(text), SystemMessage.from(text.isBlank() ? "x" + text : text));
                for (ChatMessage message : messages) {
                    assertThat(tokenizer.atMost(message)).as("%s, %s", model, message)
                            .isGreaterThanOrEqualTo(tokenizer.estimateTokenCountInMessage(message));
                }
            }
        }
    }

    @Test
    void countsWhatLangChain4jsEstimatorCounts() {
        Map<String, String> rules = new LinkedHashMap<>();
        for (String model : List.of("gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-5", "o3-mini", "gpt-4", "gpt-3.5-turbo", "ollama-llama3")) {
            rules.put(model, model);
        }
        rules.put("deepseek-chat", ModelTokenizer.FALLBACK_MODEL);
        rules.put("qwen-plus", ModelTokenizer.FALLBACK_MODEL);
        List<String> texts = texts().subList(0, 60);
        rules.forEach((model, countedAs) -> {
            ModelTokenizer tokenizer = new ModelTokenizer(model);
            OpenAiTokenCountEstimator langChain4j = new OpenAiTokenCountEstimator(countedAs);
            List<ChatMessage> all = new ArrayList<>();
            for (String text : texts) {
                assertThat(tokenizer.estimateTokenCountInText(text)).as(model).isEqualTo(langChain4j.estimateTokenCountInText(text));
                List<ChatMessage> messages = List.of(UserMessage.from(text), UserMessage.from("alice_01", text),
                        AiMessage.from(text), SystemMessage.from(text.isBlank() ? "x" + text : text));
                for (ChatMessage message : messages) {
                    assertThat(tokenizer.estimateTokenCountInMessage(message)).as("%s, %s", model, message)
                            .isEqualTo(langChain4j.estimateTokenCountInMessage(message));
                }
                all.addAll(messages);
            }
            assertThat(tokenizer.estimateTokenCountInMessages(all)).as(model).isEqualTo(langChain4j.estimateTokenCountInMessages(all));
            ChatMessage toolCall = AiMessage.from(ToolExecutionRequest.builder().id("1").name("weather").arguments("{\"city\":\"Paris\"}").build());
            assertThat(tokenizer.estimateTokenCountInMessage(toolCall)).as("a tool call, counted by LangChain4j")
                    .isEqualTo(langChain4j.estimateTokenCountInMessage(toolCall));
        });
    }

    @Test
    void utf8LengthIsTheEncodedLength() {
        for (String text : texts()) {
            assertThat(ModelTokenizer.utf8Length(text)).isEqualTo(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        }
        assertThat(ModelTokenizer.utf8Length("a\uD800b")).as("an unpaired surrogate counts more than the '?' it becomes").isEqualTo(4);
    }

    @Test
    void shortConversationsNeverLoadTheEncodingAndLongOnesAreTrimmedByItsCounts() {
        ModelTokenizer tokenizer = new ModelTokenizer("gpt-4o");
        int budget = 300;
        StoredConversationMemory memory = new StoredConversationMemory(new InMemoryConversationStore(), tokenizer, tokenizer,
                new MemoryOptions(true, GroupScope.MEMBER, budget, Duration.ofHours(1)), Clock.systemUTC());
        for (int i = 0; i < 5; i++) {
            IncomingMessage message = message(i);
            memory.history(message);
            memory.record(message, "question " + i, new Answer("answer " + i, 10, 10));
        }
        assertThat(memory.history(message(5))).hasSize(10);
        assertThat(tokenizer.isLoaded()).as("five short turns fit the budget by their bytes").isFalse();

        // Bounds past three quarters of the budget: loaded in the background, though nothing was counted yet.
        for (int i = 5; i < 9; i++) {
            IncomingMessage message = message(i);
            memory.history(message);
            memory.record(message, "question " + i, new Answer("answer " + i, 10, 10));
        }
        assertThat(memory.history(message(9))).as("nine turns still fit by their bytes").hasSize(18);
        Await.until("the encoding loaded ahead of the first count", Duration.ofSeconds(30), tokenizer::isLoaded);

        for (int i = 9; i < 40; i++) {
            IncomingMessage message = message(i);
            memory.history(message);
            memory.record(message, "question number " + i + " about 今天天气", new Answer("a longer answer, number " + i, 10, 10));
        }
        List<ChatMessage> history = memory.history(message(40));
        assertThat(tokenizer.isLoaded()).as("a conversation over its budget in bytes is counted").isTrue();
        int used = history.stream().mapToInt(tokenizer::estimateTokenCountInMessage).sum();
        assertThat(used).isLessThanOrEqualTo(budget);
        // The next older turn would not have fitted: the window holds as many newest turns as the tokens allow.
        UserMessage newest = (UserMessage) history.get(0);
        assertThat(newest.singleText()).startsWith("question number ");
        int oldestTaken = Integer.parseInt(newest.singleText().split(" ")[2]);
        int olderCost = HistoryWindow.cost(tokenizer, new io.cow.core.store.Turn(0, "question number " + (oldestTaken - 1)
                + " about 今天天气", "a longer answer, number " + (oldestTaken - 1), java.time.Instant.EPOCH));
        assertThat(used + olderCost).isGreaterThan(budget);
    }

    private static IncomingMessage message(int i) {
        return IncomingMessage.text("test", "m" + i, Chat.privateChat("id-alice", "Alice"), Sender.person("id-alice", "Alice"),
                "question " + i).build();
    }
}
