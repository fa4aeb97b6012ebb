package io.cow.app.web;

import io.cow.app.BotAssembly;
import io.cow.app.Startup;
import io.cow.app.store.SqliteStore;
import io.cow.app.store.StoreOptions;
import io.cow.core.pipeline.Bot;
import io.cow.testkit.openai.FakeOpenAi;
import io.cow.testkit.web.SimulatorOptions;
import io.cow.testkit.web.WebWeChatSimulator;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A whole bot as {@code ./cow} wires it, on the default channel ({@code web}) pointed at a simulator, asking a
 * {@link FakeOpenAi}, keeping its state in a data folder (cow.db, as {@code ./cow run} does): for in-process
 * end-to-end tests.
 */
final class WebBot implements AutoCloseable {

    static final String KEYWORD = "Hi bot:";

    final Bot bot;
    final Path dataDir;

    private WebBot(Bot bot, Path dataDir) {
        this.bot = bot;
        this.dataDir = dataDir;
    }

    /** The web WeChat simulator these tests talk to: the bot's account is "Botty", long polls held briefly. */
    static WebWeChatSimulator simulator() {
        return WebWeChatSimulator.start(SimulatorOptions.defaults()
                .selfNickName("Botty").syncCheckHold(Duration.ofMillis(500)).loginPollHold(Duration.ofMillis(200)));
    }

    /** The environment of a quick bot: the simulator as endpoint, short retry delays and governor pause, no pacing. */
    static Map<String, String> env(WebWeChatSimulator sim, FakeOpenAi fake, Path dataDir) {
        Map<String, String> env = new HashMap<>();
        env.put("OPENAI_API_KEY", "sk-web-e2e-0123456789");
        env.put("OPENAI_BASE_URL", fake.baseUrl());
        env.put("CHATGPT_TRIGGER_KEYWORD", KEYWORD);
        env.put("COW_DATA_DIR", dataDir.toString());
        env.put("COW_MODEL_SELF_TEST", "false");
        env.put("COW_MODEL_RETRY_DELAY", "10ms");
        env.put("COW_WEB_ENDPOINT", sim.baseUrl());
        env.put("COW_WEB_LONG_POLL_TIMEOUT", "10s");
        env.put("COW_WEB_RETRY_DELAY", "20ms");
        env.put("COW_WEB_RETRY_MAX_DELAY", "200ms");
        env.put("COW_WEB_SEND_INTERVAL", "0");
        env.put("COW_WEB_SEND_RETRY_DELAY", "20ms");
        env.put("COW_WEB_RELOGIN_INTERVAL", "0");
        env.put("COW_WEB_PUSH_LOGIN_TIMEOUT", "5s");
        env.put("COW_GOVERNOR_RISK_PAUSE", "1s");
        return env;
    }

    static WebBot start(WebWeChatSimulator sim, FakeOpenAi fake, Path dataDir) {
        return start(env(sim, fake, dataDir), dataDir);
    }

    static WebBot start(Map<String, String> env, Path dataDir) {
        return start(env, dataDir, Clock.systemDefaultZone());
    }

    /** A bot whose clock the test controls (the channel's too). */
    static WebBot start(Map<String, String> env, Path dataDir, Clock clock) {
        return start(env, Map.of(), dataDir, clock);
    }

    /** A bot with settings as if given on the command line, on the test's clock. */
    static WebBot start(Map<String, String> env, Map<String, Object> overrides, Path dataDir, Clock clock) {
        Startup startup = Startup.load(null, env, overrides);
        SqliteStore store = SqliteStore.open(dataDir, StoreOptions.from(startup.settings()), clock);
        Bot bot = BotAssembly.assemble(startup, startup.configure(), dataDir, clock, null, store);
        bot.start();
        return new WebBot(bot, dataDir);
    }

    static Map<String, String> with(Map<String, String> env, String key, String value) {
        Map<String, String> copy = new HashMap<>(env);
        copy.put(key, value);
        return copy;
    }

    @Override
    public void close() {
        bot.close();
    }
}
