package io.cow.app.store;

import io.cow.app.BotAssembly;
import io.cow.app.Startup;
import io.cow.core.health.Health;
import io.cow.core.health.HealthOptions;
import io.cow.core.message.BotAccount;
import io.cow.core.message.Chat;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.Sender;
import io.cow.core.model.Answer;
import io.cow.core.pipeline.Bot;
import io.cow.testkit.await.Await;
import io.cow.testkit.channel.RecordingChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The disk fills up under a running bot and is freed again (SQLite's own "database or disk is full", made with
 * {@code PRAGMA max_page_count} on the bot's connection): while writes fail, messages wait in memory and the health
 * check says why; once there is room, the bot stores and answers them, within a minute, without a restart.
 */
class DiskFullTest {

    @TempDir
    Path dataDir;

    private static IncomingMessage message(String id, String text) {
        return IncomingMessage.text("test", id, Chat.privateChat("alice", "Alice"), Sender.person("alice", "Alice"), text)
                .createdAt(Instant.now()).build();
    }

    @Test
    void messagesWaitWhileTheDiskIsFullAndAreAnsweredOnceThereIsRoomAgain() {
        Map<String, String> env = Map.of("OPENAI_API_KEY", "sk-disk-full", "COW_DATA_DIR", dataDir.toString(),
                "COW_MODEL_SELF_TEST", "false", "COW_HEALTH_STORE_FAILURE", "1s");
        Startup startup = Startup.load(null, env, Map.of());
        Clock clock = Clock.systemDefaultZone();
        SqliteStore store = SqliteStore.open(dataDir, StoreOptions.from(startup.settings()), clock);
        // No free pages for writes to reuse once the file may not grow (a migration that copies a table leaves some).
        store.execute("VACUUM");
        RecordingChannel channel = new RecordingChannel("test").loginAs(new BotAccount("bot", "Bot"));
        try (Bot bot = BotAssembly.assemble(startup, channel, dataDir, clock,
                (prompt, partial) -> new Answer("answered " + prompt.size(), 1, 1), store)) {
            Health health = new Health(bot, store::failing, HealthOptions.from(startup.settings()), clock);
            bot.start();
            channel.deliver(message("1", "before"));
            channel.awaitSent(1, Duration.ofSeconds(30));

            store.execute("PRAGMA max_page_count = 1");
            // Texts that need pages of their own: what a full disk refuses.
            channel.deliver(message("2", "while full " + "x".repeat(10_000)));
            channel.deliver(message("3", "still full " + "y".repeat(10_000)));
            Await.until("the health check to report the full disk", Duration.ofSeconds(30),
                    () -> health.problem().filter(p -> p.contains("database has failed") && p.contains("full")).isPresent());
            assertThat(channel.texts()).as("nothing is answered that could not be stored").hasSize(1);

            store.execute("PRAGMA max_page_count = 1073741823");
            channel.awaitSent(3, Duration.ofMinutes(1));
            Await.until("the health check to recover", Duration.ofSeconds(30), () -> health.problem().isEmpty());
            assertThat(store.inbox().unhandled("test")).isEmpty();
        }
    }
}
