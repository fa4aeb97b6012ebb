package io.cow.app.model;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import io.cow.core.config.CoreSettings;
import io.cow.core.config.Settings;
import io.cow.core.config.SettingsResolver;
import io.cow.core.model.Answer;
import io.cow.core.model.Answerer;
import io.cow.core.model.ModelCallException;
import io.cow.testkit.openai.Fault;
import io.cow.testkit.logging.LogCapture;
import io.cow.testkit.openai.FakeOpenAi;
import io.cow.testkit.openai.RecordedRequest;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The model client against the fake OpenAI API: what it sends, and how it copes with every failure mode. */
class OpenAiModelsTest {

    @AutoClose
    private final FakeOpenAi fake = FakeOpenAi.start();
    private static final List<ChatMessage> QUESTION = List.of(SystemMessage.from("be brief"), UserMessage.from("hello"));

    private Answerer answerer(Map<String, Object> settings) {
        Map<String, Object> file = new HashMap<>();
        file.put("openaiApiKey", "sk-model-test-key-123456");
        file.put("model.baseUrl", fake.baseUrl());
        file.put("model.retryDelay", "10ms");
        file.putAll(settings);
        Settings resolved = new SettingsResolver(CoreSettings.all()).resolve(file, "test", Map.of(), Map.of()).settings();
        return ModelClients.defaultAnswerer(resolved);
    }

    private static Answer ask(Answerer answerer) throws ModelCallException {
        return answerer.answer(QUESTION, part -> { });
    }

    @ParameterizedTest(name = "streaming={0}")
    @ValueSource(booleans = {true, false})
    void sendsKeyOrganizationModelAndTemperatureAndReadsTheAnswerAndUsage(boolean streaming) throws Exception {
        Answer answer = ask(answerer(Map.of("openaiOrganizationID", "org-abc", "model.streaming", streaming)));

        assertThat(answer.text()).isEqualTo("Echo: hello");
        assertThat(answer.hasUsage()).isTrue();
        RecordedRequest request = fake.requests().get(0);
        assertThat(request.path()).isEqualTo("/v1/chat/completions");
        assertThat(request.header("authorization")).isEqualTo("Bearer sk-model-test-key-123456");
        assertThat(request.header("openai-organization")).isEqualTo("org-abc");
        assertThat(request.json().path("model").asText()).isEqualTo("gpt-4o");
        assertThat(request.json().path("temperature").asDouble()).isEqualTo(0.8);
        assertThat(request.json().path("stream").asBoolean(false)).isEqualTo(streaming);
        assertThat(request.json().has("max_tokens") || request.json().has("max_completion_tokens")).isFalse();
        assertThat(request.messages()).extracting(RecordedRequest.Message::role).containsExactly("system", "user");
        assertThat(request.body()).as("the body is written compact, not pretty-printed").doesNotContain("\n");
    }

    @Test
    void noOrganizationHeaderWhenNoneIsConfiguredAndMaxTokensWhenSet() throws Exception {
        ask(answerer(Map.of("model.maxTokens", 123, "model.name", "deepseek-chat")));
        RecordedRequest request = fake.requests().get(0);
        assertThat(request.header("openai-organization")).isNull();
        assertThat(request.json().path("model").asText()).isEqualTo("deepseek-chat");
        assertThat(request.json().path("max_tokens").asInt(request.json().path("max_completion_tokens").asInt())).isEqualTo(123);
    }

    @Test
    void streamedPiecesArriveBeforeTheAnswerIsComplete() throws Exception {
        fake.answerWith("one two three four five six");
        List<String> pieces = new ArrayList<>();
        Answer answer = answerer(Map.of()).answer(QUESTION, pieces::add);
        assertThat(pieces).hasSizeGreaterThan(3);
        assertThat(String.join("", pieces)).isEqualTo("one two three four five six");
        assertThat(answer.text()).isEqualTo("one two three four five six");
    }

    @ParameterizedTest(name = "streaming={0}")
    @ValueSource(booleans = {true, false})
    void a429IsRetriedAfterTheServersRetryAfter(boolean streaming) throws Exception {
        fake.failNext(Fault.rateLimited(1));
        Answer answer = ask(answerer(Map.of("model.streaming", streaming)));

        assertThat(answer.text()).isEqualTo("Echo: hello");
        assertThat(fake.requests()).hasSize(2);
        assertThat(fake.receivedAt(1) - fake.receivedAt(0)).as("ms between the attempts").isGreaterThanOrEqualTo(900);
    }

    @Test
    void retryAfterIsCappedByTheMaximumDelayAndTheLogSaysSo() throws Exception {
        fake.failNext(Fault.rateLimited(3600));
        try (LogCapture log = LogCapture.capture()) {
            Answer answer = ask(answerer(Map.of("model.retryMaxDelay", "20ms")));
            assertThat(answer.text()).isEqualTo("Echo: hello");
            assertThat(fake.requests()).hasSize(2);
            assertThat(log.text()).contains("its Retry-After asked for 3600000 ms, capped at model.retryMaxDelay");
        }
    }

    @ParameterizedTest(name = "streaming={0}")
    @ValueSource(booleans = {true, false})
    void aConnectionDroppedBeforeAnyByteOfTheAnswerIsRetried(boolean streaming) throws Exception {
        fake.failNext(Fault.drop());
        Answer answer = ask(answerer(Map.of("model.streaming", streaming)));
        assertThat(answer.text()).isEqualTo("Echo: hello");
        assertThat(fake.requests()).hasSize(2);
    }

    @ParameterizedTest(name = "streaming={0}")
    @ValueSource(booleans = {true, false})
    void aHundredMegabyteAnswerFailsClearlyAndTheNextCallWorks(boolean streaming) throws Exception {
        fake.failNext(Fault.huge(100L << 20));
        Answerer answerer = answerer(Map.of("model.streaming", streaming));
        assertThatThrownBy(() -> ask(answerer)).isInstanceOf(ModelCallException.class).hasMessageContaining("larger than");
        assertThat(fake.requests()).as("not retried").hasSize(1);
        assertThat(ask(answerer).text()).isEqualTo("Echo: hello");
    }

    @ParameterizedTest(name = "streaming={0}")
    @ValueSource(booleans = {true, false})
    void serverErrorsAreRetriedWithBackoffUpToTheLimit(boolean streaming) throws Exception {
        fake.failNext(Fault.serverError(), Fault.overloaded());
        assertThat(ask(answerer(Map.of("model.streaming", streaming))).text()).isEqualTo("Echo: hello");
        assertThat(fake.requests()).hasSize(3);

        fake.failAlways(Fault.serverError());
        assertThatThrownBy(() -> ask(answerer(Map.of("model.streaming", streaming, "model.maxRetries", 2))))
                .isInstanceOfSatisfying(ModelCallException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(500);
                    assertThat(e.apiMessage()).isEqualTo("The server had an error while processing your request. Sorry about that!");
                });
        assertThat(fake.requests()).hasSize(3 + 3);
    }

    @ParameterizedTest(name = "streaming={0}")
    @ValueSource(booleans = {true, false})
    void aWrongKeyIsNotRetriedAndReportsTheApisMessage(boolean streaming) {
        fake.requireApiKey("sk-the-right-key-000000");
        assertThatThrownBy(() -> ask(answerer(Map.of("model.streaming", streaming))))
                .isInstanceOfSatisfying(ModelCallException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(401);
                    assertThat(e.apiMessage()).startsWith("Incorrect API key provided: sk-");
                    assertThat(e.getMessage()).doesNotContain("sk-model-test-key-123456");
                });
        assertThat(fake.requests()).hasSize(1);
    }

    @ParameterizedTest(name = "streaming={0}")
    @ValueSource(booleans = {true, false})
    void aHungRequestFailsAfterTheTimeout(boolean streaming) {
        fake.failAlways(Fault.hang());
        assertThatThrownBy(() -> ask(answerer(Map.of("model.streaming", streaming, "model.timeout", "300ms", "model.maxRetries", 0))))
                .isInstanceOfSatisfying(ModelCallException.class, e -> assertThat(e.statusCode()).isZero());
    }

    @Test
    void aStreamCutMidwayIsAnErrorNotAShortAnswer() {
        fake.answerWith("a long answer that will be cut in the middle of its stream");
        fake.failNext(Fault.cutStreamAfter(3));
        List<String> pieces = new ArrayList<>();
        assertThatThrownBy(() -> answerer(Map.of("model.maxRetries", 0)).answer(QUESTION, pieces::add))
                .isInstanceOf(ModelCallException.class);
        // Whatever arrived before the cut (up to three pieces of four characters) was passed on as it came,
        // and the call still failed instead of returning it as a complete answer.
        assertThat("a long answe").startsWith(String.join("", pieces));
    }

    @Test
    void aStreamThatGoesSilentFailsAfterTheTimeout() {
        fake.answerWith("slow answer").tokenPace(Duration.ofSeconds(5));
        assertThatThrownBy(() -> ask(answerer(Map.of("model.timeout", "300ms", "model.maxRetries", 0))))
                .isInstanceOfSatisfying(ModelCallException.class, e -> assertThat(e.apiMessage()).contains("silent"));
    }

    @Test
    void anUnreachableServerIsRetriedThenReported() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, Object> settings = Map.of("model.baseUrl", "http://127.0.0.1:" + closedPort + "/v1", "model.maxRetries", 2);
        assertThatThrownBy(() -> ask(answerer(settings)))
                .isInstanceOfSatisfying(ModelCallException.class, e -> {
                    assertThat(e.statusCode()).isZero();
                    assertThat(e.apiMessage()).contains("connect");
                });
    }
}
