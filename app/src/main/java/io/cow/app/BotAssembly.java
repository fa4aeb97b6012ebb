package io.cow.app;

import io.cow.app.model.ModelTokenizer;
import io.cow.app.model.OpenAiModels;
import io.cow.app.store.SqliteStore;
import io.cow.app.store.StoreOptions;
import io.cow.core.channel.Channel;
import io.cow.core.config.CoreSettings;
import io.cow.core.config.Settings;
import io.cow.core.conversation.MemoryOptions;
import io.cow.core.conversation.StoredConversationMemory;
import io.cow.core.login.QrCodeLog;
import io.cow.core.model.Answerer;
import io.cow.core.model.ModelSelfTest;
import io.cow.core.model.SystemPrompt;
import io.cow.core.pipeline.Bot;
import io.cow.core.pipeline.Pipeline;
import io.cow.core.pipeline.PipelineOptions;
import io.cow.core.plugin.Plugins;
import io.cow.core.store.CachingConversationStore;
import io.cow.core.store.ConversationStore;
import io.cow.core.store.Store;
import io.cow.core.usage.StoredUsageMeter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

/** Wires a bot from its parts: store, model client, conversation memory, pipeline, plugins, channel. */
public final class BotAssembly {

    private static final Logger log = LoggerFactory.getLogger(BotAssembly.class);
    /** Conversations up to this long are kept in memory as well as in the database. */
    private static final int CACHED_TURNS_PER_CONVERSATION = 64;
    /** All conversations kept in memory hold at most this many characters (a few MB). */
    private static final long CACHED_CHARS = 2_000_000;

    private BotAssembly() {
    }

    /**
     * Builds a bot for this channel on the data folder's database, which the bot closes when it closes;
     * nothing runs until {@link Bot#start()}.
     *
     * @param answerer the model client, or null to build the configured one
     */
    public static Bot assemble(Startup startup, Channel channel, Path dataDir, Clock clock, Answerer answerer) {
        SqliteStore store = SqliteStore.open(dataDir, StoreOptions.from(startup.settings()), clock);
        try {
            return assemble(startup, channel, dataDir, clock, answerer, store);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * Builds a bot on an open store (the one the channel got its state store from); the bot closes the
     * store when it closes.
     *
     * @param answerer the model client, or null to build the configured one
     */
    public static Bot assemble(Startup startup, Channel channel, Path dataDir, Clock clock, Answerer answerer, Store store) {
        Settings settings = startup.settings();
        Answerer model = answerer != null ? answerer : OpenAiModels.answerer(settings);
        SystemPrompt systemPrompt = new SystemPrompt(settings.get(CoreSettings.SYSTEM_PROMPT), clock);
        ModelTokenizer tokenizer = new ModelTokenizer(settings.get(CoreSettings.MODEL_NAME));
        MemoryOptions memoryOptions = MemoryOptions.from(settings);
        // The tokenizer loads on the first count, which only conversations near their token budget need.
        StoredConversationMemory memory = new StoredConversationMemory(conversations(store), tokenizer, tokenizer, memoryOptions, clock);
        memory.forgetExpired();
        logMemory(memoryOptions);
        Pipeline pipeline = new Pipeline(
                PipelineOptions.from(settings, clock.instant()),
                Plugins.enabled(startup.plugins(), settings.get(CoreSettings.PLUGINS_DISABLED), settings),
                model,
                systemPrompt,
                memory,
                new StoredUsageMeter(store.usage(), tokenizer, settings.get(CoreSettings.MODEL_NAME), clock),
                store.seenMessages(),
                channel,
                clock);
        Bot bot = new Bot(channel, pipeline, settings.get(CoreSettings.MODEL_CONCURRENCY),
                settings.get(CoreSettings.MAX_PENDING), new QrCodeLog(dataDir), List.of(store));
        if (settings.get(CoreSettings.MODEL_SELF_TEST)) {
            Thread selfTest = new Thread(() -> ModelSelfTest.run(model, systemPrompt, settings.get(CoreSettings.MODEL_NAME)),
                    "model-self-test");
            selfTest.setDaemon(true);
            selfTest.start();
        }
        return bot;
    }

    /** The store's conversations as the bot uses them: small ones kept in memory too, in front of the database. */
    public static ConversationStore conversations(Store store) {
        return new CachingConversationStore(store.conversations(), CACHED_TURNS_PER_CONVERSATION, CACHED_CHARS);
    }

    private static void logMemory(MemoryOptions memory) {
        if (!memory.enabled()) {
            log.info("🧠 Conversation memory is off: every question is asked alone");
            return;
        }
        log.info("🧠 Conversation memory: up to {} tokens of earlier turns, forgotten after {} of silence, in groups one per {}",
                memory.historyTokens(), CoreSettings.MEMORY_EXPIRE_AFTER.type().format(memory.expireAfter()),
                memory.groupScope().name().toLowerCase(Locale.ROOT));
    }
}
