package io.cow.app;

import io.cow.testkit.models.FakeModelApis;
import io.cow.testkit.models.ModelApi;
import io.cow.testkit.models.ModelRequest;
import io.cow.testkit.openai.FakeOpenAi;
import io.cow.testkit.openai.RecordedRequest;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each provider family through its real LangChain4j client, as a user runs it: {@code ./cow chat} with a profile of
 * that provider, against a fake that speaks the provider's wire format. The answer arrives streamed, in several parts;
 * the request carries the system prompt, the conversation so far and the configured model; the key is never logged.
 */
class ModelProvidersIT {

    private static final String KEY = "sk-provider-secret-0123456789abcdef";
    private static final String ANSWER = "Streamed answer, long enough to be sent as several parts.";

    @AutoClose
    private final FakeOpenAi openAi = FakeOpenAi.start();
    @AutoClose
    private final FakeModelApis apis = FakeModelApis.start();

    @TempDir
    Path work;

    /** What a provider's request says, read by its fake. */
    private record Asked(String model, String system, List<String> conversation, boolean streaming) {
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"openai", "anthropic", "gemini", "ollama", "azure-openai"})
    void aProfileOfEachProviderAnswersThroughItsOwnClient(String provider) throws Exception {
        String profile = """
                models:
                  - name: p
                    provider: %s
                    model: %s
                    baseUrl: "%s"
                    apiKey: "%s"
                """.formatted(provider, modelOf(provider), baseUrlOf(provider), KEY)
                + (provider.equals("azure-openai") ? "    deployment: chat-deployment\n" : "");
        Files.writeString(work.resolve("config.yaml"), """
                chatgptTriggerKeyword: "Hi bot:"
                systemPrompt: "You are the provider test bot."
                reply:
                  chunkSize: 20
                model:
                  profile: p
                  selfTest: false
                """ + profile);
        openAi.requireApiKey(KEY).answerWith(ANSWER);
        apis.answerWith(ANSWER);
        requireKey(provider);

        CowProcess.Result result = CowProcess.script(work, Map.of("COW_LOG_LEVEL", "DEBUG", "COW_DATA_DIR", work.resolve("data").toString()),
                "Hi bot: first question\nHi bot: second question\n", Duration.ofMinutes(5), "chat");

        assertThat(result.exitCode()).as(result.all()).isZero();
        List<String> parts = result.stdoutLines().stream().filter(l -> l.startsWith("bot: ")).map(l -> l.substring(5)).toList();
        assertThat(parts).as("two answers, each in several parts").hasSizeGreaterThanOrEqualTo(6);
        assertThat(joinedAnswers(parts)).isEqualTo(ANSWER.replace(" ", "") + ANSWER.replace(" ", ""));
        List<Asked> asked = asked(provider);
        assertThat(asked).hasSize(2);
        Asked second = asked.get(1);
        assertThat(second.streaming()).as("streamed").isTrue();
        assertThat(second.model()).isEqualTo(provider.equals("azure-openai") ? "chat-deployment" : modelOf(provider));
        assertThat(second.system()).isEqualTo("You are the provider test bot.");
        assertThat(second.conversation()).containsExactly("first question", ANSWER, "second question");
        assertThat(result.all()).as("the API key is never logged").doesNotContain(KEY).doesNotContain(KEY.substring(10));
    }

    /** The parts, without the spaces where they were cut, so that how the splitter cut does not matter. */
    private static String joinedAnswers(List<String> parts) {
        return String.join("", parts).replace(" ", "");
    }

    private String modelOf(String provider) {
        return switch (provider) {
            case "openai" -> "deepseek-chat";
            case "anthropic" -> "claude-sonnet-4-5";
            case "gemini" -> "gemini-2.5-flash";
            case "ollama" -> "qwen3:8b";
            default -> "gpt-4o";
        };
    }

    private String baseUrlOf(String provider) {
        return switch (provider) {
            case "openai" -> openAi.baseUrl();
            case "anthropic" -> apis.baseUrl(ModelApi.ANTHROPIC);
            case "gemini" -> apis.baseUrl(ModelApi.GEMINI);
            case "ollama" -> apis.baseUrl(ModelApi.OLLAMA);
            default -> apis.baseUrl(ModelApi.AZURE_OPENAI);
        };
    }

    private void requireKey(String provider) {
        switch (provider) {
            case "anthropic" -> apis.requireKey(ModelApi.ANTHROPIC, KEY);
            case "gemini" -> apis.requireKey(ModelApi.GEMINI, KEY);
            case "ollama" -> apis.requireKey(ModelApi.OLLAMA, KEY);
            case "azure-openai" -> apis.requireKey(ModelApi.AZURE_OPENAI, KEY);
            default -> { }
        }
    }

    private List<Asked> asked(String provider) {
        List<Asked> asked = new ArrayList<>();
        if (provider.equals("openai")) {
            for (RecordedRequest r : openAi.requests()) {
                List<String> conversation = r.messages().stream().filter(m -> !m.role().equals("system")).map(RecordedRequest.Message::content).toList();
                String system = r.messages().stream().filter(m -> m.role().equals("system")).map(RecordedRequest.Message::content).findFirst().orElse("");
                asked.add(new Asked(r.json().path("model").asText(), system, conversation, r.streaming()));
            }
            return asked;
        }
        for (ModelRequest r : apis.requests()) {
            asked.add(new Asked(r.model(), r.system(), r.messages().stream().map(ModelRequest.Message::text).toList(), r.streaming()));
        }
        return asked;
    }
}
