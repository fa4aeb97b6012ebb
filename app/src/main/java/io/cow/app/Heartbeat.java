package io.cow.app;

import io.cow.core.channel.kit.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Rewrites {@code <data>/heartbeat} at a fixed interval while the bot runs. The bot has no network endpoint,
 * so this is what a container healthcheck looks at: a fresh file means the process is alive and scheduling, and
 * its first word says whether it does its work: {@code ok <time>}, or {@code unhealthy <time>: <why>} (see
 * {@link io.cow.core.health.Health}).
 */
public final class Heartbeat implements AutoCloseable {

    /** How often the file is rewritten; the Dockerfile's healthcheck allows four times this. */
    public static final Duration INTERVAL = Duration.ofSeconds(30);
    public static final String FILE_NAME = "heartbeat";

    private static final Logger log = LoggerFactory.getLogger("cow");

    private final Path file;
    private final Clock clock;
    private final Supplier<Optional<String>> problem;
    private volatile String lastProblem;
    private final ScheduledExecutorService timer;
    private volatile boolean failing;

    /** A heartbeat for this data folder that is always healthy, not yet beating. */
    public Heartbeat(Path dataDir, Clock clock) {
        this(dataDir, clock, Optional::empty);
    }

    /** @param problem why the bot is not healthy, in one line, or empty while it is */
    public Heartbeat(Path dataDir, Clock clock, Supplier<Optional<String>> problem) {
        this.file = dataDir.resolve(FILE_NAME);
        this.clock = clock;
        this.problem = problem;
        this.timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.single("heartbeat"));
    }

    /** Writes the file now and then every {@code interval}, until closed. */
    public Heartbeat start(Duration interval) {
        timer.scheduleAtFixedRate(this::beat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    public Path file() {
        return file;
    }

    private void beat() {
        try {
            // Written beside and moved over, so that a reader never sees a half-written file.
            Path next = file.resolveSibling(FILE_NAME + ".next");
            Files.writeString(next, line() + "\n");
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            if (failing) {
                failing = false;
                log.info("Heartbeat file {} is written again", file);
            }
        } catch (IOException e) {
            // Said once per outage: the bot itself still works, only the healthcheck will report it unhealthy.
            if (!failing) {
                failing = true;
                log.warn("Cannot write the heartbeat file {}: {}", file, e.toString());
            }
        }
    }

    /** The file's line; a change of health is logged once. */
    private String line() {
        Optional<String> now;
        try {
            now = problem.get();
        } catch (RuntimeException e) {
            now = Optional.of("the health check failed: " + e);
        }
        String was = lastProblem;
        lastProblem = now.orElse(null);
        if (now.isPresent() && !now.get().equals(was)) {
            log.warn("🩺 Unhealthy: {}", now.get());
        } else if (now.isEmpty() && was != null) {
            log.info("🩺 Healthy again");
        }
        return now.map(p -> "unhealthy " + clock.instant() + ": " + p).orElseGet(() -> "ok " + clock.instant());
    }

    /** Stops writing and removes the file, so a healthcheck does not see a bot that is gone. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.resolveSibling(FILE_NAME + ".next"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.warn("Cannot remove the heartbeat file {}: {}", file, e.toString());
        }
    }
}
