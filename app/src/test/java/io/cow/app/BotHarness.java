package io.cow.app;

import io.cow.core.message.BotAccount;
import io.cow.core.message.Chat;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.Sender;
import io.cow.core.message.SenderKind;
import io.cow.core.pipeline.Bot;
import io.cow.testkit.channel.RecordingChannel;
import io.cow.testkit.openai.FakeOpenAi;
import io.cow.testkit.openai.RecordedRequest;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A whole bot as the application wires it (configuration, OpenAI client, pipeline, plugins), talking to a
 * {@link FakeOpenAi} and a {@link RecordingChannel}, for in-process end-to-end tests.
 */
final class BotHarness implements AutoCloseable {

    static final String BOT_NAME = "Bot";
    static final String BOT_GROUP_NAME = "Bot in Team";
    static final String API_KEY = "sk-harness-key-0123456789";

    final FakeOpenAi fake;
    final RecordingChannel channel = new RecordingChannel("test").loginAs(new BotAccount("bot-id", BOT_NAME));
    final Bot bot;
    private final AtomicLong ids = new AtomicLong();

    /**
     * @param env       environment variables on top of the API key, base URL and data folder
     * @param overrides settings by key, as if given on the command line
     */
    BotHarness(Path dataDir, Map<String, String> env, Map<String, Object> overrides) {
        this(FakeOpenAi.start().requireApiKey(API_KEY), dataDir, env, overrides);
    }

    BotHarness(FakeOpenAi fake, Path dataDir, Map<String, String> env, Map<String, Object> overrides) {
        this.fake = fake;
        Map<String, String> allEnv = new HashMap<>();
        allEnv.put("OPENAI_API_KEY", API_KEY);
        allEnv.put("OPENAI_BASE_URL", fake.baseUrl());
        allEnv.put("COW_DATA_DIR", dataDir.toString());
        allEnv.put("COW_MODEL_SELF_TEST", "false");
        allEnv.put("COW_MODEL_RETRY_DELAY", "10ms");
        allEnv.putAll(env);
        Startup startup = Startup.load(null, allEnv, overrides);
        bot = BotAssembly.assemble(startup, channel, startup.dataDir(), Clock.systemDefaultZone(), null);
        bot.start();
    }

    IncomingMessage.Builder privateText(String from, String text) {
        return IncomingMessage.text("test", "m" + ids.incrementAndGet(), Chat.privateChat("u-" + from, from),
                Sender.person("u-" + from, from), text).createdAt(Instant.now());
    }

    IncomingMessage.Builder officialText(String from, String text) {
        return IncomingMessage.text("test", "m" + ids.incrementAndGet(), Chat.privateChat("u-" + from, from),
                new Sender("u-" + from, from, from, SenderKind.OFFICIAL), text).createdAt(Instant.now());
    }

    IncomingMessage.Builder groupText(String topic, String from, String text) {
        return IncomingMessage.text("test", "m" + ids.incrementAndGet(), Chat.group("g-" + topic, topic),
                Sender.person("u-" + from, from), text).botNames(BOT_NAME, BOT_GROUP_NAME).createdAt(Instant.now());
    }

    /** Delivers messages and waits until all are handled and their replies sent. */
    void deliver(IncomingMessage... messages) {
        for (IncomingMessage m : messages) {
            channel.deliver(m);
        }
        awaitIdle();
    }

    void deliver(IncomingMessage.Builder... messages) {
        for (IncomingMessage.Builder m : messages) {
            channel.deliver(m.build());
        }
        awaitIdle();
    }

    void awaitIdle() {
        try {
            if (!bot.awaitIdle(Duration.ofSeconds(60))) {
                throw new AssertionError("the bot did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    List<String> sent() {
        return channel.texts();
    }

    /** What the model was asked (the last user message of each request), self-test excluded. */
    List<String> questions() {
        return fake.requests().stream().map(RecordedRequest::lastUserMessage)
                .filter(q -> !q.equals("Say Hello World")).toList();
    }

    @Override
    public void close() {
        bot.close();
        fake.close();
    }
}
