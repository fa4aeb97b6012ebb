package io.cow.app.memory;

import io.cow.app.BotAssembly;
import io.cow.app.Startup;
import io.cow.app.store.SqliteStore;
import io.cow.app.store.StoreOptions;
import io.cow.core.message.BotAccount;
import io.cow.core.message.Chat;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.Sender;
import io.cow.core.pipeline.Bot;
import io.cow.testkit.channel.RecordingChannel;
import io.cow.testkit.openai.FakeOpenAi;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bot wired as the application does it (settings, SQLite store in a data folder, OpenAI client, memory),
 * on a {@link RecordingChannel} and a {@link FakeOpenAi}.
 */
final class MemoryBot implements AutoCloseable {

    static final String CHANNEL = "test";
    private static final AtomicLong IDS = new AtomicLong();

    final RecordingChannel channel = new RecordingChannel(CHANNEL).loginAs(new BotAccount("bot-id", "Bot"));
    final SqliteStore store;
    final Bot bot;
    private final Clock clock;

    MemoryBot(FakeOpenAi fake, Path dataDir, Clock clock, Map<String, Object> overrides) {
        this.clock = clock;
        Map<String, String> env = new HashMap<>();
        env.put("OPENAI_API_KEY", "sk-test");
        env.put("OPENAI_BASE_URL", fake.baseUrl());
        env.put("COW_DATA_DIR", dataDir.toString());
        env.put("COW_MODEL_SELF_TEST", "false");
        env.put("COW_MODEL_MAX_RETRIES", "0");
        Startup startup = Startup.load(null, env, overrides);
        store = SqliteStore.open(startup.dataDir(), StoreOptions.from(startup.settings()), clock);
        bot = BotAssembly.assemble(startup, channel, startup.dataDir(), clock, null, store);
        bot.start();
    }

    static IncomingMessage.Builder privateText(String who, String text) {
        return IncomingMessage.text(CHANNEL, "m" + IDS.incrementAndGet(), Chat.privateChat("id-" + who, who),
                Sender.person("id-" + who, who), text);
    }

    static IncomingMessage.Builder groupText(String who, String text) {
        return IncomingMessage.text(CHANNEL, "m" + IDS.incrementAndGet(), Chat.group("room-id", "Room"),
                Sender.person("id-" + who, who), text).botNames("Bot");
    }

    /** Delivers messages created now and waits until they are handled and their replies sent. */
    void say(IncomingMessage.Builder... messages) {
        for (IncomingMessage.Builder message : messages) {
            deliver(message.createdAt(clock.instant()).build());
        }
    }

    /** Delivers a message as it is and waits until it is handled and its replies sent. */
    void deliver(IncomingMessage message) {
        channel.deliver(message);
        try {
            if (!bot.awaitIdle(Duration.ofSeconds(30))) {
                throw new AssertionError("the bot did not finish within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        bot.close();
    }
}
