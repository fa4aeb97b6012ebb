package io.cow.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cow.testkit.await.Await;
import io.cow.testkit.process.ProcessRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The container healthcheck against the real bot: healthy while {@code cow run} runs, not once it stopped. */
class HealthcheckIT {

    @TempDir
    Path tmp;

    private List<String> healthcheck() throws IOException {
        String instruction = Dockerfile.parse(Repo.read("Dockerfile")).last().last("HEALTHCHECK");
        Matcher cmd = Pattern.compile("CMD (\\[.*])$").matcher(instruction);
        assertThat(cmd.find()).as(instruction).isTrue();
        List<String> command = new ArrayList<>();
        new ObjectMapper().readTree(cmd.group(1)).forEach(w -> command.add(w.asText()));
        return command;
    }

    @Test
    void healthyWhileTheBotRunsAndNotAfterItStopped() throws Exception {
        Path data = tmp.resolve("data");
        Map<String, String> env = Map.of("COW_DATA_DIR", data.toString());
        ProcessBuilder builder = ProcessRun.builder(List.of(Repo.java().toString(), "-jar", Repo.jar().toString(), "run"), tmp,
                        Map.of("OPENAI_API_KEY", "sk-health", "COW_CHANNEL", "terminal", "COW_MODEL_SELF_TEST", "false",
                                "COW_DATA_DIR", data.toString(), "OPENAI_BASE_URL", "http://127.0.0.1:9/v1",
                                "COW_CONSOLE_PORT", "0")) // not the default 9899: other builds here run bots too
                .redirectOutput(tmp.resolve("cow.log").toFile())
                .redirectError(tmp.resolve("cow.err").toFile());
        Process bot = builder.start(); // standard input stays open: the terminal channel waits for lines
        try {
            Path heartbeat = data.resolve("heartbeat");
            Await.until("the bot's heartbeat file", Duration.ofSeconds(60), () -> Files.isRegularFile(heartbeat) || !bot.isAlive());
            assertThat(bot.isAlive()).as(Files.readString(tmp.resolve("cow.log")) + Files.readString(tmp.resolve("cow.err"))).isTrue();
            assertThat(Processes.run(healthcheck(), tmp, env, Duration.ofSeconds(30)).exitCode()).as("healthy while running").isZero();

            bot.destroy(); // SIGTERM, as docker stop sends
            assertThat(bot.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(heartbeat).doesNotExist();
            assertThat(Processes.run(healthcheck(), tmp, env, Duration.ofSeconds(30)).exitCode()).as("unhealthy once stopped").isNotZero();
        } finally {
            bot.destroyForcibly();
            bot.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
