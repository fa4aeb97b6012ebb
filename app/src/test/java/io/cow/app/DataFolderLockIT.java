package io.cow.app;

import io.cow.testkit.await.MachineLoad;
import io.cow.testkit.openai.FakeOpenAi;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Two bots on one data folder: the second stops at once, naming the first. */
class DataFolderLockIT {

    private static final Duration WAIT = Duration.ofMinutes(2);

    @AutoClose
    private final FakeOpenAi fake = FakeOpenAi.start();

    @TempDir
    Path work;

    @Test
    void aSecondBotOnTheSameDataFolderExitsNamingTheFirstsPid() throws Exception {
        Path data = work.resolve("data");
        Map<String, String> env = Map.of("OPENAI_API_KEY", "sk-test", "OPENAI_BASE_URL", fake.baseUrl(),
                "COW_MODEL_SELF_TEST", "false", "COW_CHANNEL", "web", "COW_WEB_ENDPOINT", "http://127.0.0.1:" + CowProcess.closedPort());
        try (CowProcess.Running first = CowProcess.startJar(work, env, "--data", data.toString(), "run")) {
            first.awaitOutput("Data folder: " + data.toAbsolutePath(), WAIT);
            assertThat(Files.readString(data.resolve(DataFolderLock.FILE))).contains("pid=" + first.pid());

            // What a JVM costs to start and stop on this machine now, so that the bot's own part can be judged alone.
            long baseline = timed(() -> CowProcess.jar(work, Map.of(), "", WAIT, "--version"));
            long[] took = new long[1];
            CowProcess.Result second = timedResult(() -> CowProcess.jar(work, env, "", WAIT, "--data", data.toString(), "run"), took);

            assertThat(second.exitCode()).as(second.all()).isEqualTo(3);
            assertThat(second.stderr()).contains("another bot (PID " + first.pid() + ")").contains(data.toAbsolutePath().toString());
            assertThat(second.all()).doesNotContain("Exception");
            // 2 s on a quiet machine (CI's); on one busy with other builds only a bound that shows it did not wait for the first
            long bound = MachineLoad.quiet() ? 2_000 : 20_000;
            assertThat(took[0] - baseline).as("ms the second bot spent beyond a bare JVM start (%d ms), load %.1f per core",
                    baseline, MachineLoad.perCore()).isLessThan(bound);
            assertThat(first.isAlive()).isTrue();
        }
    }

    @Test
    void theLockOfABotThatEndedBlocksNobody() throws Exception {
        Path data = work.resolve("data");
        Files.createDirectories(data);
        // A lock file left by a bot that was killed names a PID, but the operating system holds no lock for it.
        Files.writeString(data.resolve(DataFolderLock.FILE), "pid=999999\nhost=elsewhere\n");
        Map<String, String> env = Map.of("OPENAI_API_KEY", "sk-test", "OPENAI_BASE_URL", fake.baseUrl());

        CowProcess.Result chat = CowProcess.jar(work, env, "hello\n", WAIT, "--data", data.toString(), "chat");

        assertThat(chat.exitCode()).as(chat.all()).isZero();
        assertThat(chat.stdoutLines()).containsExactly("bot: Echo: hello");
    }

    private interface Run {
        CowProcess.Result run() throws Exception;
    }

    private static long timed(Run run) throws Exception {
        long[] took = new long[1];
        CowProcess.Result result = timedResult(run, took);
        assertThat(result.exitCode()).as(result.all()).isZero();
        return took[0];
    }

    private static CowProcess.Result timedResult(Run run, long[] took) throws Exception {
        long started = System.nanoTime();
        CowProcess.Result result = run.run();
        took[0] = (System.nanoTime() - started) / 1_000_000;
        return result;
    }

}
