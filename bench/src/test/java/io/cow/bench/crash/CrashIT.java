package io.cow.bench.crash;

import io.cow.bench.process.BotLaunch;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crash tests of issue 13: the built jar on the web simulator, a 400-message burst from 20 chats at default
 * settings (so replies are paced at 2 per second), stopped 3 times at random points and started again on the same
 * data folder — once with kill -9, once with SIGTERM. The two runs go side by side (each has its own simulator, model
 * and data folder), since each takes at least the 200 s the pacing needs for 400 replies. The seed of the random
 * stop points is printed; {@code -Dcrash.seed=N} repeats a run.
 */
class CrashIT {

    private static final long SHUTDOWN_GRACE_MILLIS = 20_000;

    @Test
    void nothingIsAnsweredTwiceOrRememberedUnseenAndOnlySigkillMayLoseTheReplyBeingSent() throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        BotLaunch launch = BotLaunch.of(Path.of(System.getProperty("cow.jar", "../app/target/cow.jar")),
                repo().resolve("deploy/jvm.options").toString(), "");
        ExecutorService sideBySide = Executors.newFixedThreadPool(2);
        CompletableFuture<CrashRun.Result> kill = run(CrashRun.Options.standard(launch, CrashRun.Stop.KILL, seed), sideBySide);
        CompletableFuture<CrashRun.Result> term = run(CrashRun.Options.standard(launch, CrashRun.Stop.TERM, seed + 1), sideBySide);
        sideBySide.shutdown();

        CrashRun.Result killed = kill.join();
        CrashRun.Result stopped = term.join();
        System.out.println("crash test, seed " + seed + ": kill -9: " + killed.summary());
        System.out.println("crash test, seed " + (seed + 1) + ": SIGTERM: " + stopped.summary());

        assertThat(killed.stops()).isEqualTo(3);
        assertThat(killed.twice()).as("kill -9: answered twice (logs in %s)", killed.logs()).isZero();
        assertThat(killed.phantomTurns()).as("kill -9: turns remembered but never received").isZero();
        assertThat(killed.maxLostPerChat()).as("kill -9: at most the reply being sent is lost, per chat").isLessThanOrEqualTo(1);
        assertThat(killed.once() + killed.lost()).isEqualTo(400);

        assertThat(stopped.stops()).isEqualTo(3);
        assertThat(stopped.once()).as("SIGTERM: every message answered exactly once (logs in %s)", stopped.logs()).isEqualTo(400);
        assertThat(stopped.phantomTurns()).isZero();
        assertThat(stopped.slowestStopMillis()).as("SIGTERM: exits within shutdown.grace").isLessThanOrEqualTo(SHUTDOWN_GRACE_MILLIS);
        assertThat(logsSay(stopped.logs(), "queued before the restart are sent"))
                .as("replies still queued at a stop were sent after the restart").isTrue();
    }

    private static CompletableFuture<CrashRun.Result> run(CrashRun.Options options, ExecutorService executor) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return CrashRun.run(options);
            } catch (Exception e) {
                throw new IllegalStateException(options.stop() + " run failed", e);
            }
        }, executor);
    }

    private static boolean logsSay(Path logs, String text) throws IOException {
        try (Stream<Path> files = Files.list(logs)) {
            for (Path file : files.toList()) {
                if (Files.readString(file).contains(text)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Path repo() {
        return Path.of(System.getProperty("cow.repo", "..")).toAbsolutePath().normalize();
    }
}
