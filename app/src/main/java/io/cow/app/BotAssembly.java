package io.cow.app;

import io.cow.app.alerts.AlertSettings;
import io.cow.app.alerts.OwnerChannelAlerts;
import io.cow.app.channels.FormerChannelData;
import io.cow.app.cluster.ClusterWorker;
import io.cow.app.channels.InstanceConfig;
import io.cow.app.chat.ChatRuleSettings;
import io.cow.app.login.QrCodeFiles;
import io.cow.app.media.MediaAssembly;
import io.cow.app.media.MediaFolder;
import io.cow.app.model.ModelClients;
import io.cow.app.model.ModelConfig;
import io.cow.app.model.ModelTokenizer;
import io.cow.app.store.SqliteStore;
import io.cow.core.alert.AlertWatcher;
import io.cow.core.alert.AlertKind;
import io.cow.core.alert.Alerts;
import io.cow.core.channel.Channel;
import io.cow.core.channel.ChannelContext;
import io.cow.core.channel.kit.DaemonThreads;
import io.cow.core.chat.ChatProfile;
import io.cow.core.chat.ChatProfiles;
import io.cow.core.chat.ChatRule;
import io.cow.core.chat.ChatRules;
import io.cow.core.channel.kit.Pacing;
import io.cow.core.control.Control;
import io.cow.core.control.Governor;
import io.cow.core.control.ControlOptions;
import io.cow.core.config.CoreSettings;
import io.cow.core.config.Settings;
import io.cow.core.conversation.GroupScope;
import io.cow.core.conversation.MemoryOptions;
import io.cow.core.conversation.ModelSummarizer;
import io.cow.core.conversation.StoredConversationMemory;
import io.cow.core.login.LoginStates;
import io.cow.core.message.IncomingMessage;
import io.cow.core.model.Answerer;
import io.cow.core.media.MediaSettings;
import io.cow.core.media.MediaStage;
import io.cow.core.model.ModelProfiles;
import io.cow.core.model.ModelSelfTest;
import io.cow.core.model.SystemPrompt;
import io.cow.core.outbox.DurableOutbox;
import io.cow.core.pipeline.Bot;
import io.cow.core.pipeline.BotOptions;
import io.cow.core.pipeline.BotInstance;
import io.cow.core.pipeline.Pipeline;
import io.cow.core.pipeline.PipelineOptions;
import io.cow.core.plugin.Plugin;
import io.cow.core.plugin.Plugins;
import io.cow.core.store.CachingConversationStore;
import io.cow.core.store.ConversationStore;
import io.cow.core.store.Store;
import io.cow.core.usage.StoredUsageMeter;
import io.cow.core.usage.UsageMeter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.function.UnaryOperator;
import java.util.function.Function;

/**
 * Wires a bot from its parts: store, model profiles, conversation memory, plugins, and per channel instance a
 * channel, its chats' profiles and a pipeline. The instances share the store, the model profiles, the chat rules,
 * the memory (keyed by instance) and the plugins; each has its own trigger keyword and system prompt when its
 * configuration sets them.
 */
public final class BotAssembly {

    private static final Logger log = LoggerFactory.getLogger(BotAssembly.class);
    /** Conversations up to this long are kept in memory as well as in the database. */
    private static final int CACHED_TURNS_PER_CONVERSATION = 64;
    /** All conversations kept in memory hold at most this many characters (a few MB). */
    private static final long CACHED_CHARS = 2_000_000;

    private BotAssembly() {
    }

    /**
     * Builds the bot the configuration asks for: its channel instances on the data folder's store, which the bot
     * closes when it closes; nothing runs until {@link Bot#start()}.
     *
     * @param answerer the model client, or null to build the configured profiles
     */
    public static Bot assemble(Startup startup, Startup.Configured configured, Path dataDir, Clock clock, Answerer answerer,
                               SqliteStore store) {
        return assemble(startup, configured, dataDir, clock, answerer, store, BotWatch.NONE);
    }

    /**
     * Builds the bot the configuration asks for, as {@link #assemble(Startup, Startup.Configured, Path, Clock, Answerer,
     * SqliteStore)} does, with its parts shown to a watcher (the console, metrics and alerts).
     *
     * @param answerer the model client, or null to build the configured profiles
     */
    public static Bot assemble(Startup startup, Startup.Configured configured, Path dataDir, Clock clock, Answerer answerer,
                               SqliteStore store, BotWatch watch) {
        FormerChannelData.adopt(store, configured.instances());
        Shared shared = new Shared(startup, clock, answerer, store, watch, dataDir);
        List<Channel> channels = new ArrayList<>();
        try {
            List<BotInstance> instances = new ArrayList<>();
            for (InstanceConfig instance : configured.instances()) {
                BotInstance made = shared.instance(instance);
                channels.add(made.channel());
                instances.add(made);
            }
            Bot bot = shared.bot(instances);
            shared.alerts(bot, true);
            return bot;
        } catch (RuntimeException e) {
            channels.forEach(Channel::close);
            throw e;
        }
    }

    /** A cluster worker's bot, which starts with no instance, and how to start and stop the configured ones on it. */
    public record ClusterBot(Bot bot, ClusterWorker.Accounts accounts, List<String> names) {
    }

    /**
     * Builds the bot of a cluster worker: the instances of the configuration are made (channel and pipeline) and
     * attached when the worker takes an account's lease, and detached when it stops running the account.
     */
    public static ClusterBot assembleCluster(Startup startup, Startup.Configured configured, Path dataDir, Clock clock,
                                             Answerer answerer, SqliteStore store, BotWatch watch) {
        FormerChannelData.adopt(store, configured.instances());
        Shared shared = new Shared(startup, clock, answerer, store, watch, dataDir);
        Bot bot = shared.bot(List.of());
        if (!shared.settings.get(AlertSettings.OWNER_CHANNEL).isBlank()) {
            log.warn("⚠️ alerts.ownerChannel is ignored with cluster.enabled: the owner's channel may run on another worker");
        }
        shared.alerts(bot, false);
        Map<String, InstanceConfig> byName = new LinkedHashMap<>();
        configured.instances().forEach(i -> byName.put(i.name(), i));
        ClusterWorker.Accounts accounts = new ClusterWorker.Accounts() {
            @Override
            public void start(String account) {
                // The account's outbox comes along: what its last holder queued and did not send is sent from here.
                bot.attach(shared.instance(byName.get(account)));
            }

            @Override
            public void stop(String account, Duration grace, String why) {
                bot.detach(account, grace, why);
            }
        };
        return new ClusterBot(bot, accounts, List.copyOf(byName.keySet()));
    }

    /**
     * Builds a bot for this one channel (for tests and tools that make their own) on the data folder's
     * database, which the bot closes when it closes; nothing runs until {@link Bot#start()}.
     *
     * @param answerer the model client, or null to build the configured one
     */
    public static Bot assemble(Startup startup, Channel channel, Path dataDir, Clock clock, Answerer answerer) {
        SqliteStore store = SqliteStore.open(startup.settings(), dataDir, clock);
        try {
            return assemble(startup, channel, dataDir, clock, answerer, store);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * Builds a bot for this one channel on an open store (the one the channel got its state store from); the
     * bot closes the store when it closes.
     *
     * @param answerer the model client, or null to build the configured one
     */
    public static Bot assemble(Startup startup, Channel channel, Path dataDir, Clock clock, Answerer answerer, Store store) {
        return assemble(startup, channel, dataDir, clock, answerer, store, BotWatch.NONE);
    }

    /**
     * Builds a bot for this one channel on an open store, with its parts shown to a watcher.
     *
     * @param answerer the model client, or null to build the configured one
     */
    public static Bot assemble(Startup startup, Channel channel, Path dataDir, Clock clock, Answerer answerer, Store store,
                               BotWatch watch) {
        Shared shared = new Shared(startup, clock, answerer, store, watch, dataDir);
        return shared.bot(List.of(new BotInstance(channel.name(), channel, shared.pipeline(startup.settings(), channel, null))));
    }

    /**
     * Builds a bot for one channel that this factory makes from its context, on an open store, as {@code run} does:
     * with the durable outbox, which the channel's send queue takes from the context.
     */
    public static Bot assemble(Startup startup, String name, Function<ChannelContext, Channel> channel, Path dataDir, Clock clock,
                               Answerer answerer, Store store) {
        Shared shared = new Shared(startup, clock, answerer, store, BotWatch.NONE, dataDir);
        DurableOutbox outbox = shared.outbox(name);
        Channel made = channel.apply(new ChannelContext(name, dataDir, store.channelState(), clock, outbox));
        return shared.bot(List.of(new BotInstance(made.name(), made, shared.pipeline(startup.settings(), made, outbox))));
    }

    /** The store's conversations as the bot uses them: small ones kept in memory too, in front of the database. */
    public static ConversationStore conversations(Store store) {
        return new CachingConversationStore(store.conversations(), CACHED_TURNS_PER_CONVERSATION, CACHED_CHARS);
    }

    /** What every instance of one bot shares. */
    private static final class Shared {
        private final Startup startup;
        private final Settings settings;
        private final Clock clock;
        private final Store store;
        private final BotWatch watch;
        private final Path dataDir;
        /** The profiles as configured; {@link #models} are what the pipelines ask, their clients possibly watched. */
        private final ModelProfiles unwatched;
        private final ModelProfiles models;
        private final ModelTokenizer tokenizer;
        private final MemoryOptions memoryOptions;
        private final ConversationStore conversations;
        private final StoredConversationMemory memory;
        private final UsageMeter usage;
        /** The owner's controls, one for the whole bot: admins, pause, quotas, rate limits, takeover, banned words. */
        private final Control control;
        private final List<Plugin> plugins;
        private final ChatRules<ChatRule> rules;
        private final GroupScope defaultScope;
        /** Each instance's chat profiles, by instance name: the shared memory asks them who shares a conversation. */
        private final Map<String, ChatProfiles> chatsByInstance = new ConcurrentHashMap<>();
        /** The alert source once {@link #alerts} made one with a sink; governors are built before it. */
        private volatile Alerts alerts;

        private final MediaFolder mediaFolder;
        private final MediaStage media;

        Shared(Startup startup, Clock clock, Answerer answerer, Store store, BotWatch watch, Path dataDir) {
            this.startup = startup;
            this.settings = startup.settings();
            this.clock = clock;
            this.store = store;
            this.watch = watch;
            this.dataDir = dataDir;
            this.unwatched = answerer != null ? ModelProfiles.single(answerer) : models(startup);
            this.models = unwatched.eachClient(watch::model);
            this.tokenizer = new ModelTokenizer(settings.get(CoreSettings.MODEL_NAME));
            this.memoryOptions = MemoryOptions.from(settings);
            // One cache for the memory, the console and the outboxes: an outbox that forgets an undelivered turn must
            // evict it here.
            this.conversations = conversations(store);
            this.defaultScope = memoryOptions.groupScope();
            this.rules = new ChatRules<>(settings.get(ChatRuleSettings.CHATS));
            // The tokenizer loads on the first count, which only conversations near their token budget need.
            this.memory = new StoredConversationMemory(conversations, tokenizer, tokenizer, memoryOptions, clock, this::memoryScope);
            if (settings.get(CoreSettings.MEMORY_SUMMARIZE)) {
                // The summary is written to the store: handed from the model client's thread to a pool thread.
                memory.summarizingWith(new ModelSummarizer(message -> models.answerer(summaryProfile(message)), ForkJoinPool.commonPool()));
            }
            memory.forgetExpired();
            logMemory(memoryOptions);
            this.control = new Control(ControlOptions.from(settings), store.chatSettings(), store.usage(), clock);
            this.usage = control.counting(new StoredUsageMeter(watch.usage(store.usage()), clock));
            this.plugins = Plugins.enabled(startup.plugins(), settings.get(CoreSettings.PLUGINS_DISABLED), settings);
            this.mediaFolder = new MediaFolder(dataDir, settings, clock);
            this.media = MediaAssembly.stage(settings, usesMediaProfiles(settings) ? startup.models() : null, mediaFolder, usage, clock);
        }

        private static boolean usesMediaProfiles(Settings settings) {
            return !settings.get(MediaSettings.VOICE_PROFILE).isBlank() || !settings.get(MediaSettings.DRAW_PROFILE).isBlank();
        }

        /** {@code memory.summaryProfile}, else the chat's own profile. */
        private String summaryProfile(IncomingMessage message) {
            String configured = settings.get(CoreSettings.MEMORY_SUMMARY_PROFILE);
            if (!configured.isBlank()) {
                return configured;
            }
            ChatProfiles chats = chatsByInstance.get(message.channel());
            return chats == null ? models.defaultName() : chats.of(message).profile();
        }

        private GroupScope memoryScope(IncomingMessage message) {
            ChatProfiles chats = chatsByInstance.get(message.channel());
            return chats == null ? defaultScope : chats.memoryScope(message);
        }

        /**
         * The account-safety governor of one instance, for the channels that use one (web, wechaty): its budgets from
         * the instance's settings; its warnings go to the log and, when alerts have a sink, to the owner and webhooks.
         */
        UnaryOperator<Pacing> governor(InstanceConfig instance) {
            Governor.GovernorOptions options = Governor.GovernorOptions.from(instance.settings());
            return pacing -> new Governor(instance.name(), pacing, options, clock, new Random(),
                    warning -> governorWarning(instance.name(), warning));
        }

        private void governorWarning(String instance, String text) {
            Alerts source = alerts;
            if (source != null) {
                source.notice(AlertKind.SENDING_LIMITED, instance, "Sending limited: " + text);
            }
        }

        /**
         * One configured instance: its channel (on its durable outbox and its governor) and its pipeline. The channel
         * is closed again if the pipeline cannot be made.
         */
        BotInstance instance(InstanceConfig instance) {
            DurableOutbox outbox = outbox(instance.name());
            Channel channel = instance.channel().create(context(instance, outbox));
            try {
                return new BotInstance(instance.type(), channel, pipeline(instance.settings(), channel, outbox));
            } catch (RuntimeException e) {
                channel.close();
                throw e;
            }
        }

        /** What an instance's channel works with: its outbox (its retried sends counted when watched) and its governor. */
        private ChannelContext context(InstanceConfig instance, DurableOutbox outbox) {
            return new ChannelContext(instance.name(), dataDir, store.channelState(), clock, watch.sends(outbox), governor(instance));
        }

        /** The durable outbox of one instance. */
        DurableOutbox outbox(String instance) {
            return new DurableOutbox(instance, store.outbox(), conversations, settings.get(CoreSettings.OUTBOX_MAX_AGE), clock);
        }

        /** The pipeline of one instance, with the instance's own view of the settings; {@code outbox} may be null. */
        Pipeline pipeline(Settings instanceSettings, Channel channel, DurableOutbox outbox) {
            ChatProfiles chats = new ChatProfiles(
                    new ChatProfile(models.defaultName(), instanceSettings.get(CoreSettings.SYSTEM_PROMPT),
                            instanceSettings.get(CoreSettings.TRIGGER_KEYWORD), defaultScope),
                    rules, store.chatSettings());
            chatsByInstance.put(channel.name(), chats);
            return new Pipeline(
                    PipelineOptions.from(instanceSettings, clock.instant()),
                    plugins,
                    models,
                    chats,
                    memory,
                    usage,
                    watch.replies(channel),
                    outbox,
                    clock,
                    control.admins(),
                    control,
                    media);
        }

        /**
         * Watches the logins (and the model) for alerts when something delivers them: the owner channel. Alerts about
         * the owner channel itself only reach the log.
         */
        void alerts(Bot bot, boolean throughOwnerChannel) {
            // One source and one rate limit for every sink: the watcher's (webhooks) when it has one.
            Alerts alerts = watch.alerts().orElseGet(() -> new Alerts(settings.get(AlertSettings.MIN_INTERVAL), clock));
            String ownerName = settings.get(AlertSettings.OWNER_CHANNEL).strip();
            if (throughOwnerChannel && !ownerName.isEmpty()) {
                BotInstance owner = bot.instances().stream().filter(i -> i.name().equals(ownerName)).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no channel instance " + ownerName));
                OwnerChannelAlerts ownerAlerts = new OwnerChannelAlerts(owner.channel(), settings.get(AlertSettings.OWNER_CONTACT));
                alerts.addSink(ownerAlerts);
                bot.logins().subscribe(ownerAlerts);
                log.info("📣 Alerts about the other channels go to the owner on {}", ownerName);
            }
            if (!alerts.hasSinks()) {
                return;
            }
            this.alerts = alerts;
            AlertWatcher watcher = new AlertWatcher(alerts);
            bot.logins().subscribe(watcher);
            bot.observe(watcher);
        }

        Bot bot(List<BotInstance> instances) {
            LoginStates logins = new LoginStates();
            logins.subscribe(new QrCodeFiles(dataDir, instances.size() == 1));
            Bot bot = new Bot(instances, store.inbox(), BotOptions.from(settings), logins, clock, List.of(mediaFolder, store));
            control.attach(bot, models.defaultName());
            watch.assembled(new AssembledBot(bot, store, conversations, memoryOptions, tokenizer));
            if (settings.get(CoreSettings.MODEL_SELF_TEST)) {
                SystemPrompt systemPrompt = new SystemPrompt(settings.get(CoreSettings.SYSTEM_PROMPT), clock);
                String chosen = models.defaultName();
                // The self-test is not a message: the console's figures and the metrics do not count it.
                DaemonThreads.start("model-self-test",
                        () -> ModelSelfTest.run(unwatched.answerer(chosen), systemPrompt, describe(chosen)));
            }
            return bot;
        }

        /** How the start-up test names the model: the original's way for the default profile, else the profile too. */
        private String describe(String profile) {
            if (profile.equals(ModelProfiles.DEFAULT)) {
                return settings.get(CoreSettings.MODEL_NAME);
            }
            return startup.models().profiles().get(profile).model() + " (profile " + profile + ")";
        }
    }

    private static ModelProfiles models(Startup startup) {
        ModelConfig config = startup.models();
        if (config.profiles().size() > 1 || !config.fallbacks().isEmpty()) {
            log.info("🧠 Model profiles: {}; answering with {}{}", String.join(", ", config.names()), config.chosen(),
                    config.fallbacks().isEmpty() ? "" : ", falling back to " + String.join(", ", config.fallbacks()));
        }
        return ModelClients.profiles(config, startup.settings());
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
