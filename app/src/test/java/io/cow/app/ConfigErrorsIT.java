package io.cow.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Configuration mistakes stop the real jar with a message that says what to do, never with a stack trace. */
class ConfigErrorsIT {

    @TempDir
    Path work;

    @Test
    void withoutAnApiKeyTheBotSaysHowToSetOne() throws Exception {
        CowProcess.Result result = CowProcess.jar(work, Map.of("COW_DATA_DIR", work.resolve("data").toString()),
                "", Duration.ofMinutes(2), "run");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("No API key").contains("openaiApiKey").contains("OPENAI_API_KEY");
        assertThat(result.all()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aWrongValueInTheConfigFileNamesTheKeyAndWhatIsAllowed() throws Exception {
        Files.writeString(work.resolve("config.yaml"), "openaiApiKey: sk-x\nreply:\n  chunkSize: lots\nchannel: telegram\n");
        CowProcess.Result result = CowProcess.jar(work, Map.of("COW_DATA_DIR", work.resolve("data").toString()),
                "", Duration.ofMinutes(2));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr())
                .contains("config key 'reply.chunkSize' (from config.yaml): 'lots' is not allowed; use a whole number from 20 to 100000")
                .contains("config key 'channel' (from config.yaml): 'telegram' is not allowed; use one of the channels of this build:")
                .contains("web");
        assertThat(result.all()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void anUnterminatedQuoteOnTheKeyLineNeverShowsTheKey() throws Exception {
        String key = "sk-proj-UNTERMINATED-0123456789abcdef";
        Files.writeString(work.resolve("config.yaml"), "chatgptTriggerKeyword: \"Hi bot:\"\nopenaiApiKey: \"" + key
                + "\nmodel:\n  name: gpt-4o\n");
        for (String command : new String[] {"check-config", "run"}) {
            CowProcess.Result result = CowProcess.jar(work, Map.of("COW_DATA_DIR", work.resolve("data").toString()),
                    "", Duration.ofMinutes(2), command);

            assertThat(result.exitCode()).as(command).isEqualTo(2);
            assertThat(result.stderr()).as(command).contains("config.yaml is not valid YAML at line").contains("begun at line 2");
            assertThat(result.all()).as(command).doesNotContain(key).doesNotContain("UNTERMINATED").doesNotContain("\tat ");
        }
    }

    @Test
    void checkConfigNamesTheKeyAMisspeltOneMeantAndExitsNonZero() throws Exception {
        Files.writeString(work.resolve("config.yaml"), "openaiApikey: sk-misspelt-key-000\nchatgptTriggerKeyword: 'Hi bot:'\n");
        CowProcess.Result result = CowProcess.jar(work, Map.of("COW_DATA_DIR", work.resolve("data").toString()),
                "", Duration.ofMinutes(2), "check-config");

        assertThat(result.exitCode()).as(result.all()).isEqualTo(2);
        assertThat(result.stdout()).contains("Warning: config key 'openaiApikey' in config.yaml is not a key; did you mean 'openaiApiKey'?");
        assertThat(result.stderr()).contains("❌ Configuration error:", "No API key");
        assertThat(result.all()).doesNotContain("sk-misspelt-key-000").doesNotContain("Exception");
    }
}
