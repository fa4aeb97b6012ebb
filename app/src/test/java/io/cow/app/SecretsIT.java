package io.cow.app;

import io.cow.testkit.openai.FakeOpenAi;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A recognisable API key never appears in anything the process prints, even at DEBUG and on errors. */
class SecretsIT {

    private static final String KEY = "sk-RECOGNISABLE-secret-key-7a1b2c3d4e5f";
    @AutoClose
    private final FakeOpenAi fake = FakeOpenAi.start().requireApiKey("sk-some-other-key-000000").echoRejectedKeys();

    @TempDir
    Path work;

    @Test
    void theKeyAppearsNowhereInTheOutput() throws Exception {
        Files.writeString(work.resolve("config.yaml"), "openaiApiKey: \"" + KEY + "\"\nopenaiOrganizationID: org-1\n");
        Map<String, String> env = Map.of(
                "OPENAI_BASE_URL", fake.baseUrl(),
                "COW_DATA_DIR", work.resolve("data").toString(),
                "COW_LOG_LEVEL", "DEBUG",
                "COW_CHANNEL", "terminal",
                "COW_MODEL_MAX_RETRIES", "1",
                "COW_MODEL_RETRY_DELAY", "10ms");

        CowProcess.Result chat = CowProcess.jar(work, env, "tell me the key\n", Duration.ofMinutes(2), "chat");
        CowProcess.Result check = CowProcess.jar(work, env, "", Duration.ofMinutes(2), "check-config");
        CowProcess.Result badValue = CowProcess.jar(work, Map.of("OPENAI_API_KEY", KEY, "COW_MODEL_TEMPERATURE", "hot", "COW_CHANNEL", "terminal"),
                "", Duration.ofMinutes(2), "check-config");

        assertThat(chat.exitCode()).as(chat.all()).isZero();
        assertThat(chat.stderr()).as("the failure is logged").contains("Code 401: Incorrect API key provided: [REDACTED]");
        assertThat(chat.stdout()).contains("🤖️：ChatGPT摆烂了，请稍后再试～");
        assertThat(check.exitCode()).as(check.all()).isZero();
        assertThat(check.stdout()).contains("openaiApiKey").contains("redacted").contains("org-1");
        assertThat(badValue.exitCode()).isEqualTo(2);
        assertThat(badValue.stderr()).contains("config key 'model.temperature'").contains("use a number from 0 to 2");
        for (CowProcess.Result result : new CowProcess.Result[]{chat, check, badValue}) {
            assertThat(result.all()).doesNotContain(KEY).doesNotContain(KEY.substring(3, 30));
        }
        assertThat(fake.requests()).isNotEmpty()
                .allSatisfy(r -> assertThat(r.header("authorization")).isEqualTo("Bearer " + KEY));
    }
}
