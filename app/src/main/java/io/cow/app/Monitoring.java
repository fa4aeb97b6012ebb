package io.cow.app;

import io.cow.app.alerts.AlertSettings;
import io.cow.app.alerts.WebhookSink;
import io.cow.app.console.Console;
import io.cow.app.console.ConsoleSettings;
import io.cow.app.console.ConsoleSources;
import io.cow.app.logging.LogTail;
import io.cow.app.metrics.BotMetrics;
import io.cow.app.monitor.Activity;
import io.cow.app.monitor.ChatDirectory;
import io.cow.app.monitor.ModelWatch;
import io.cow.core.alert.Alerts;
import io.cow.core.channel.Channel;
import io.cow.core.channel.kit.PartSources;
import io.cow.core.channel.kit.RetryCounting;
import io.cow.core.config.CoreSettings;
import io.cow.core.config.Settings;
import io.cow.core.model.Answerer;
import io.cow.core.net.Proxies;
import io.cow.core.pipeline.Bot;
import io.cow.core.store.UsageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What watches the running bot for its owner: the web console with its pages and /metrics, and the alerts sent
 * outside WeChat. Without a console (console.enabled: false) only the alerts watch.
 */
final class Monitoring implements BotWatch, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Monitoring.class);

    private final Startup startup;
    private final Path dataDir;
    private final Clock clock;
    private final Instant startedAt;
    private final boolean consoleEnabled;
    private final Alerts alerts;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final ModelWatch model;
    private final BotMetrics metrics;
    private Console console;

    private Monitoring(Startup startup, Path dataDir, Clock clock) {
        this.startup = startup;
        this.dataDir = dataDir;
        this.clock = clock;
        this.startedAt = clock.instant();
        Settings settings = startup.settings();
        this.consoleEnabled = settings.get(ConsoleSettings.ENABLED);
        this.alerts = new Alerts(settings.get(AlertSettings.MIN_INTERVAL), clock);
        List<AlertSettings.Webhook> webhooks = settings.get(AlertSettings.WEBHOOKS);
        if (!webhooks.isEmpty()) {
            WebhookSink sink = new WebhookSink(webhooks, qrPage(settings), Proxies.from(settings));
            alerts.addSink(sink);
            closeables.add(sink);
        }
        this.model = consoleEnabled ? new ModelWatch(clock) : null;
        this.metrics = consoleEnabled ? new BotMetrics() : null;
    }

    /** Sets up what the settings ask for; nothing is served until the bot is assembled. */
    public static Monitoring create(Startup startup, Path dataDir, Clock clock) {
        return new Monitoring(startup, dataDir, clock);
    }

    /** The one source of alerts: BotAssembly adds the owner's channel to its sinks and watches the bot for it. */
    @Override
    public Optional<Alerts> alerts() {
        return Optional.of(alerts);
    }

    /** The console, once the bot is assembled; null when it is switched off. */
    public Console console() {
        return console;
    }

    @Override
    public Answerer model(Answerer answerer) {
        return model == null ? answerer : model.watch(answerer);
    }

    @Override
    public UsageStore usage(UsageStore usage) {
        return metrics == null ? usage : metrics.countingTokens(usage);
    }

    @Override
    public Channel replies(Channel channel) {
        return metrics == null ? channel : metrics.countingSends(channel);
    }

    @Override
    public PartSources sends(PartSources parts) {
        return metrics == null ? parts : new RetryCounting(parts, metrics::sendRetried);
    }

    @Override
    public void assembled(AssembledBot assembled) {
        Bot bot = assembled.bot();
        if (!consoleEnabled) {
            return;
        }
        Settings settings = startup.settings();
        Activity activity = new Activity(settings.get(CoreSettings.SELF_CHAT), clock);
        ChatDirectory chats = new ChatDirectory(assembled.store().chats(), clock);
        closeables.add(0, chats);
        metrics.waiting(bot::pendingMessages);
        bot.logins().subscribe(metrics);
        model.listen(metrics::modelCalled);
        bot.observe(activity);
        bot.observe(chats);
        bot.observe(metrics);
        Map<String, String> triggers = new LinkedHashMap<>();
        bot.instances().forEach(i -> triggers.put(i.name(), i.pipeline().triggerRules().keyword()));
        LogTail tail = LogTail.attach();
        if (tail != null) {
            closeables.add(tail::detach);
        }
        console = Console.start(new ConsoleSources(settings, startup.loaded(), activity, model, bot.logins(), chats,
                assembled.conversations(), assembled.store().usage(), assembled.store().channelState(), assembled.memory(),
                assembled.tokenizer(), triggers, bot::pendingMessages, tail, metrics::scrape,
                dataDir, startedAt, version(), clock,
                name -> bot.instances().stream().filter(i -> i.name().equals(name)).map(i -> i.channel()).findFirst()));
        closeables.add(0, console);
    }

    private static String qrPage(Settings settings) {
        String publicUrl = settings.get(ConsoleSettings.PUBLIC_URL);
        return publicUrl.isEmpty() || !settings.get(ConsoleSettings.ENABLED) ? "" : publicUrl + "/qr";
    }

    static String version() {
        String version = Main.class.getPackage().getImplementationVersion();
        return version == null ? "development build" : version;
    }

    @Override
    public void close() {
        for (AutoCloseable closeable : closeables) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.error("❌ Could not close {}: {}", closeable, e.toString(), e);
            }
        }
    }
}
