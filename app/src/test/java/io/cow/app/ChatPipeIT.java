package io.cow.app;

import io.cow.testkit.openai.Fault;
import io.cow.testkit.openai.FakeOpenAi;
import io.cow.testkit.openai.RecordedRequest;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The issue's own acceptance command: {@code printf ... | ./cow chat} against an OpenAI-compatible server. */
class ChatPipeIT {

    @AutoClose
    private final FakeOpenAi fake = FakeOpenAi.start();

    @TempDir
    Path work;

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("OPENAI_API_KEY", "sk-test");
        env.put("OPENAI_BASE_URL", fake.baseUrl());
        env.put("CHATGPT_TRIGGER_KEYWORD", "Hi bot:");
        env.put("COW_DATA_DIR", work.resolve("data").toString());
        return env;
    }

    @Test
    void answersOnlyTheLineThatStartsWithTheKeyword() throws Exception {
        CowProcess.Result result = CowProcess.script(work, env(), "Hi bot: hello\nhello\n", Duration.ofMinutes(5), "chat");

        assertThat(result.exitCode()).as(result.all()).isEqualTo(0);
        assertThat(result.stdoutLines()).containsExactly("bot: Echo: hello");
        // No start-up test question in a chat: it would cost a request at every run.
        assertThat(fake.requests()).extracting(RecordedRequest::lastUserMessage).containsExactly("hello");
        assertThat(result.stderr()).contains("🎯 Trigger keyword in private chat is: Hi bot:")
                .contains("🎯 Trigger keyword in group chat is: @bot Hi bot:");
    }

    @Test
    void aServerErrorGivesTheErrorMessageAndTheBotGoesOn() throws Exception {
        fake.failAlways(Fault.serverError());
        Map<String, String> env = env();
        env.put("COW_MODEL_RETRY_DELAY", "10ms");

        CowProcess.Result result = CowProcess.script(work, env, "Hi bot: first\nHi bot: second\n", Duration.ofMinutes(5), "chat");

        assertThat(result.exitCode()).as(result.all()).isEqualTo(0);
        assertThat(result.stdoutLines()).containsExactly("bot: 🤖️：ChatGPT摆烂了，请稍后再试～", "bot: 🤖️：ChatGPT摆烂了，请稍后再试～");
        assertThat(result.stderr()).contains("Code 500: The server had an error while processing your request. Sorry about that!");
    }

    @Test
    void selfTestAsksTheTestQuestionFirst() throws Exception {
        CowProcess.Result result = CowProcess.script(work, env(), "Hi bot: hello\n", Duration.ofMinutes(5), "chat", "--self-test");

        assertThat(result.exitCode()).as(result.all()).isEqualTo(0);
        assertThat(fake.awaitRequests(2, Duration.ofMinutes(1))).extracting(RecordedRequest::lastUserMessage)
                .containsExactlyInAnyOrder("Say Hello World", "hello");
    }
}
