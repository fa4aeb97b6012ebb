package io.cow.app;

import io.cow.testkit.await.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class HeartbeatTest {

    @TempDir
    Path data;

    /** A clock that moves one second forward at every reading, so every beat writes a different instant. */
    private static Clock ticking() {
        AtomicLong seconds = new AtomicLong(1_700_000_000L);
        return new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochSecond(seconds.getAndIncrement());
            }
        };
    }

    private static String read(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file).trim() : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void rewritesTheFileWhileRunningAndRemovesItWhenClosed() {
        Heartbeat heartbeat = new Heartbeat(data, ticking()).start(Duration.ofMillis(20));
        Path file = data.resolve("heartbeat");
        assertThat(heartbeat.file()).isEqualTo(file);

        String first = Await.value("the first heartbeat", Duration.ofSeconds(5), () -> read(file));
        assertThat(first).startsWith("ok ");
        assertThat(Instant.parse(first.substring(3))).isAfterOrEqualTo(Instant.ofEpochSecond(1_700_000_000L));
        Await.until("a later heartbeat than " + first, Duration.ofSeconds(5), () -> {
            String now = read(file);
            return now != null && Instant.parse(now.substring(3)).isAfter(Instant.parse(first.substring(3)));
        });

        heartbeat.close();
        assertThat(file).doesNotExist();
    }

    @Test
    void saysWhyTheBotIsUnhealthyAndWhenItRecovers() {
        java.util.concurrent.atomic.AtomicReference<java.util.Optional<String>> problem =
                new java.util.concurrent.atomic.AtomicReference<>(java.util.Optional.of("the database has failed for 2 min: disk full"));
        try (Heartbeat heartbeat = new Heartbeat(data, ticking(), problem::get).start(Duration.ofMillis(10))) {
            Path file = heartbeat.file();
            Await.until("an unhealthy heartbeat", Duration.ofSeconds(5), () -> {
                String line = read(file);
                return line != null && line.startsWith("unhealthy ") && line.endsWith(": the database has failed for 2 min: disk full");
            });
            problem.set(java.util.Optional.empty());
            Await.until("a healthy heartbeat", Duration.ofSeconds(5), () -> {
                String line = read(file);
                return line != null && line.startsWith("ok ");
            });
        }
    }

    @Test
    void recoversWhenTheFolderBecomesWritable() throws IOException {
        Path later = data.resolve("not-yet");
        try (Heartbeat heartbeat = new Heartbeat(later, ticking()).start(Duration.ofMillis(10))) {
            Path file = later.resolve("heartbeat");
            assertThat(file).doesNotExist();
            Files.createDirectories(later);
            Await.value("a heartbeat once the folder exists", Duration.ofSeconds(5), () -> read(file));
        }
    }
}
