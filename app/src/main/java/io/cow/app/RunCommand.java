package io.cow.app;

import io.cow.app.cluster.ClusterSettings;
import io.cow.app.cluster.ClusterWorker;
import io.cow.app.store.SqliteStore;
import io.cow.core.health.Health;
import io.cow.core.health.HealthOptions;
import io.cow.core.config.CoreSettings;
import io.cow.core.config.Settings;
import io.cow.core.pipeline.Bot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * Runs the bot on the configured channels until the process is stopped, or until every channel has finished
 * (a terminal channel at the end of its input).
 */
@Command(name = "run", description = "start the bot on the configured channels (the default command)")
public final class RunCommand implements Callable<Integer> {

    /** The command line's options ({@code --config}, {@code --data}), which Main holds for every command. */
    @CommandLine.ParentCommand
    Main main;

    @Override
    public Integer call() throws Exception {
        Logger log = LoggerFactory.getLogger("cow");
        Startup startup = main.options.load();
        startup.warnings().forEach(w -> log.warn("⚠️ {}", w));
        Startup.Configured configured = startup.configure();
        Path dataDir = startup.dataDir();
        DataFolderLock.acquire(dataDir); // held until the process ends: a second bot on this folder stops at once
        Clock clock = Clock.systemDefaultZone();
        SqliteStore store = SqliteStore.open(startup.settings(), dataDir, clock);
        Monitoring monitoring = Monitoring.create(startup, dataDir, clock);
        Bot bot;
        ClusterWorker worker = null;
        try {
            Settings settings = startup.settings();
            if (settings.get(ClusterSettings.ENABLED)) {
                BotAssembly.ClusterBot clusterBot = BotAssembly.assembleCluster(startup, configured, dataDir, clock, null, store, monitoring);
                bot = clusterBot.bot();
                worker = new ClusterWorker(ClusterSettings.workerId(settings), store.leases(), clusterBot.accounts(),
                        clusterBot.names(), settings.get(ClusterSettings.LEASE_TTL),
                        settings.get(ClusterSettings.MAX_ACCOUNTS_PER_WORKER), settings.get(CoreSettings.SHUTDOWN_GRACE));
                store.fence(worker.id(), worker::token);
            } else {
                bot = BotAssembly.assemble(startup, configured, dataDir, clock, null, store, monitoring);
            }
        } catch (RuntimeException e) {
            monitoring.close();
            store.close();
            throw e;
        }
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        Health health = new Health(bot, store::failing, HealthOptions.from(startup.settings()), clock);
        Heartbeat heartbeat = new Heartbeat(dataDir, clock, health::problem);
        ClusterWorker cluster = worker;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Stopping");
            heartbeat.close();
            if (cluster != null) {
                cluster.close();
            }
            bot.close();
            monitoring.close();
            stopped.complete(null);
        }, "shutdown"));
        log.info("Data folder: {}", dataDir.toAbsolutePath());
        bot.start();
        if (cluster != null) {
            cluster.start();
        }
        heartbeat.start(Heartbeat.INTERVAL);
        // A cluster worker's bot may run no account for a while: it ends only when stopped.
        CompletableFuture<Void> finished = cluster != null ? new CompletableFuture<>() : bot.finished();
        CompletableFuture.anyOf(stopped, finished).join();
        if (finished.isDone() && !stopped.isDone()) {
            log.info("Every channel has finished; stopping once the last answers are sent");
            // Main exits the process, and the shutdown hook closes the bot.
            return bot.awaitIdle(Duration.ofHours(1)) ? 0 : 1;
        }
        return 0;
    }
}
