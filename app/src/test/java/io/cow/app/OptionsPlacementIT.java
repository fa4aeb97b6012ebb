package io.cow.app;

import io.cow.testkit.openai.FakeOpenAi;
import io.cow.testkit.process.ProcessRun;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The real jar takes --data and --config before or after the command, and every command answers --help. */
class OptionsPlacementIT {

    private static final Duration WAIT = Duration.ofMinutes(2);

    @AutoClose
    private final FakeOpenAi fake = FakeOpenAi.start();

    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void runUsesTheDataFolderGivenBeforeOrAfterTheCommand(boolean before) throws Exception {
        Path data = work.resolve("srv-cow");
        String[] args = before ? new String[]{"--data", data.toString(), "run"} : new String[]{"run", "--data", data.toString()};
        Map<String, String> env = Map.of("OPENAI_API_KEY", "sk-test", "OPENAI_BASE_URL", fake.baseUrl(),
                "COW_MODEL_SELF_TEST", "false", "COW_CHANNEL", "web", "COW_WEB_ENDPOINT", "http://127.0.0.1:" + CowProcess.closedPort());
        try (CowProcess.Running cow = CowProcess.startJar(work, env, args)) {
            cow.awaitOutput("Data folder: " + data.toAbsolutePath(), WAIT);
            assertThat(data.resolve("cow.db")).exists();
            assertThat(work.resolve("data")).doesNotExist();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void chatUsesTheConfigFileGivenBeforeOrAfterTheCommand(boolean before) throws Exception {
        Path config = Files.writeString(work.resolve("x.yaml"), "openaiApiKey: sk-test\nmodel:\n  baseUrl: " + fake.baseUrl()
                + "\nterminal:\n  botName: Robo\ndataDir: " + work.resolve("chat-data") + "\n");
        String[] args = before ? new String[]{"--config", config.toString(), "chat"} : new String[]{"chat", "--config", config.toString()};

        CowProcess.Result result = CowProcess.jar(work, Map.of(), "hello\n", WAIT, args);

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.stdoutLines()).containsExactly("Robo: Echo: hello");
        assertThat(work.resolve("chat-data").resolve("cow.db")).exists();
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "chat", "check-config"})
    void everyCommandAnswersHelp(String command) throws Exception {
        CowProcess.Result result = CowProcess.jar(work, Map.of(), "", WAIT, command, "--help");

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.stdout()).contains("Usage: cow " + command).contains("--config=FILE").contains("--data=DIR");
        assertThat(result.stderr()).doesNotContain("Unknown option");
    }

    @Test
    void versionIsTheBuildsVersionAndCommit() throws Exception {
        CowProcess.Result result = CowProcess.jar(work, Map.of(), "", WAIT, "--version");

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.stdout()).startsWith("cow " + System.getProperty("cow.version", "?")).doesNotContain("development build");
        gitHead().ifPresent(commit -> assertThat(result.stdout()).contains("(commit " + commit + ")"));
    }

    /** The commit the sources are at, as the build asked git for it; empty when they are not a git checkout. */
    private static Optional<String> gitHead() throws Exception {
        ProcessRun.Result git;
        try {
            git = ProcessRun.run(List.of("git", "rev-parse", "--short=10", "HEAD"), CowProcess.repo(), Map.of(), "", Duration.ofSeconds(30));
        } catch (java.io.IOException noGit) {
            return Optional.empty();
        }
        return git.exitCode() == 0 ? Optional.of(git.stdout().strip()) : Optional.empty();
    }

}
