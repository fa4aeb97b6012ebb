package io.cow.ilink;

import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.cow.core.channel.ChannelContext;
import io.cow.core.channel.ChannelEvents;
import io.cow.core.channel.LoginQrCode;
import io.cow.core.config.CoreSettings;
import io.cow.core.config.Setting;
import io.cow.core.config.Settings;
import io.cow.core.config.SettingsResolver;
import io.cow.core.conversation.ConversationMemory;
import io.cow.core.message.BotAccount;
import io.cow.core.message.IncomingMessage;
import io.cow.core.model.LangChainAnswerer;
import io.cow.core.model.SystemPrompt;
import io.cow.core.net.ProxySettings;
import io.cow.core.pipeline.Bot;
import io.cow.core.pipeline.Pipeline;
import io.cow.core.pipeline.PipelineOptions;
import io.cow.core.store.ChannelStateStore;
import io.cow.core.store.InMemoryChannelStateStore;
import io.cow.ilink.login.VerifyCodeSource;
import io.cow.testkit.await.Await;
import io.cow.testkit.ilink.BotBinding;
import io.cow.testkit.ilink.IlinkSimulator;
import io.cow.testkit.ilink.QrCode;
import io.cow.testkit.logging.LogCapture;
import io.cow.testkit.openai.FakeOpenAi;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A whole bot on the iLink channel for tests: the iLink simulator, the fake OpenAI API, the real pipeline,
 * and the channel built through its provider with a temporary data folder. Settings default to fast
 * timings; a test overrides what it needs before {@link #start()}.
 */
final class IlinkTestBot implements AutoCloseable {

    static final String USER = "o9cq80z1alice@im.wechat";
    static final Duration WAIT = Duration.ofSeconds(20);

    final IlinkSimulator sim;
    final FakeOpenAi model = FakeOpenAi.start();
    final Path dataDir;
    final ChannelStateStore store = new InMemoryChannelStateStore();
    final LogCapture logs = LogCapture.capture();
    final Map<String, Object> overrides = new HashMap<>();
    final List<IncomingMessage> incoming = new CopyOnWriteArrayList<>();
    final List<LoginQrCode> qrCodes = new CopyOnWriteArrayList<>();
    final List<String> logouts = new CopyOnWriteArrayList<>();
    VerifyCodeSource verifyCodes = (prompt, wrong) -> java.util.Optional.empty();
    IlinkChannel channel;
    Bot bot;

    IlinkTestBot(Path dataDir) {
        this.dataDir = dataDir;
        this.sim = IlinkSimulator.start().holdTime(Duration.ofSeconds(3)).qrStatusHold(Duration.ofMillis(500));
        overrides.put("openaiApiKey", "sk-test");
        overrides.put("model.baseUrl", model.baseUrl());
        overrides.put("model.selfTest", "false");
        overrides.put("ilink.baseUrl", sim.baseUrl());
        overrides.put("ilink.cdnBaseUrl", sim.cdnBaseUrl());
        overrides.put("ilink.sendInterval", "0ms");
        overrides.put("ilink.sendRetryDelay", "20ms");
        overrides.put("ilink.qrPollInterval", "10ms");
        overrides.put("ilink.qrPollTimeout", "5s");
        overrides.put("ilink.pollTimeout", "10s");
        overrides.put("ilink.pollRetryDelay", "50ms");
        overrides.put("ilink.pollBackoff", "200ms");
        overrides.put("ilink.reloginInterval", "0s");
        overrides.put("ilink.typingInterval", "50ms");
    }

    IlinkTestBot set(String key, Object value) {
        overrides.put(key, value);
        return this;
    }

    Settings settings() {
        List<Setting<?>> known = new ArrayList<>(CoreSettings.all());
        known.addAll(new IlinkChannelProvider().settings());
        known.addAll(ProxySettings.all());
        return new SettingsResolver(known).resolve(Map.of(), "test", Map.of(), overrides).settings();
    }

    /** Builds the channel through its provider and starts a bot on it. */
    IlinkTestBot start() {
        Settings settings = settings();
        Clock clock = Clock.systemDefaultZone();
        channel = new IlinkChannelProvider().create(IlinkConfig.from(settings), new ChannelContext(IlinkChannel.TYPE, dataDir, store, clock), verifyCodes);
        boolean streaming = settings.get(CoreSettings.MODEL_STREAMING);
        LangChainAnswerer answerer = new LangChainAnswerer(
                OpenAiChatModel.builder().baseUrl(model.baseUrl()).apiKey("sk-test").modelName("gpt-4o").build(),
                streaming ? OpenAiStreamingChatModel.builder().baseUrl(model.baseUrl()).apiKey("sk-test").modelName("gpt-4o").build() : null,
                Duration.ofSeconds(60));
        Pipeline pipeline = new Pipeline(PipelineOptions.from(settings, clock.instant()), List.of(), answerer,
                new SystemPrompt(settings.get(CoreSettings.SYSTEM_PROMPT), clock), ConversationMemory.NONE,  channel, clock);
        bot = new Bot(channel, pipeline, 4, 1000);
        channel.start(new Recording(bot.events(IlinkChannel.TYPE)));
        return this;
    }

    /** Stops the bot and starts a new one on the same stored state, as a restart of the process would. */
    IlinkTestBot restart() {
        bot.close();
        return start();
    }

    /** Waits for the n-th QR code, scans and confirms it as {@link #USER}, and waits until the channel is logged in. */
    BotBinding login(int qrNumber) {
        QrCode qr = sim.awaitQrCode(qrNumber, WAIT);
        BotBinding binding = sim.scanAndConfirm(qr.imageContent(), USER);
        awaitLoggedInAs(binding.token());
        return binding;
    }

    /** Waits until the bot shows this QR code to the owner. */
    void awaitQrShown(String content) {
        Await.until("the bot showing QR code " + content, WAIT, () -> bot.logins().current(IlinkChannel.TYPE)
                .map(s -> s.qrCode() != null && s.qrCode().content().equals(content)).orElse(false));
    }

    /** Waits until the bot's login state of the channel matches. */
    io.cow.core.login.LoginState awaitState(String what, java.util.function.Predicate<io.cow.core.login.LoginState> match) {
        return Await.value(what, WAIT, () -> bot.logins().current(IlinkChannel.TYPE).filter(match).orElse(null));
    }

    void awaitLoggedInAs(String token) {
        Await.until("the channel logged in", WAIT,
                () -> channel.account().map(a -> a.token().equals(token)).orElse(false));
    }

    @Override
    public void close() {
        try {
            if (bot != null) {
                bot.close();
            }
        } finally {
            sim.close();
            model.close();
            logs.close();
        }
    }

    /** Passes the channel's events to the bot and keeps a copy for assertions. */
    private final class Recording implements ChannelEvents {
        private final ChannelEvents bot;

        Recording(ChannelEvents bot) {
            this.bot = bot;
        }

        @Override
        public void onMessage(IncomingMessage message) {
            incoming.add(message);
            bot.onMessage(message);
        }

        @Override
        public void onLoginQrCode(LoginQrCode qrCode) {
            qrCodes.add(qrCode);
            bot.onLoginQrCode(qrCode);
        }

        @Override
        public void onLoginScanned() {
            bot.onLoginScanned();
        }

        @Override
        public void onNextLoginAt(java.time.Instant at) {
            bot.onNextLoginAt(at);
        }

        @Override
        public void onLogin(BotAccount account) {
            bot.onLogin(account);
        }

        @Override
        public void onLogout(String reason) {
            logouts.add(reason);
            bot.onLogout(reason);
        }
    }
}
