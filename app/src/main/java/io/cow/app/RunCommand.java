package io.cow.app;

import io.cow.app.store.SqliteStore;
import io.cow.core.health.Health;
import io.cow.core.health.HealthOptions;
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

    @CommandLine.Mixin
    CommonOptions options = new CommonOptions();

    @Override
    public Integer call() throws Exception {
        Logger log = LoggerFactory.getLogger("cow");
        Startup startup = options.load();
        startup.warnings().forEach(w -> log.warn("⚠️ {}", w));
        Startup.Configured configured = startup.configure();
        Path dataDir = startup.dataDir();
        Clock clock = Clock.systemDefaultZone();
        SqliteStore store = SqliteStore.open(startup.settings(), dataDir, clock);
        Monitoring monitoring = Monitoring.create(startup, dataDir, clock);
        Bot bot;
        try {
            bot = BotAssembly.assemble(startup, configured, dataDir, clock, null, store, monitoring);
        } catch (RuntimeException e) {
            monitoring.close();
            store.close();
            throw e;
        }
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        Health health = new Health(bot, store::failing, HealthOptions.from(startup.settings()), clock);
        Heartbeat heartbeat = new Heartbeat(dataDir, clock, health::problem);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Stopping");
            heartbeat.close();
            bot.close();
            monitoring.close();
            stopped.complete(null);
        }, "shutdown"));
        log.info("Data folder: {}", dataDir.toAbsolutePath());
        bot.start();
        heartbeat.start(Heartbeat.INTERVAL);
        CompletableFuture<Void> finished = bot.finished();
        CompletableFuture.anyOf(stopped, finished).join();
        if (finished.isDone() && !stopped.isDone()) {
            log.info("Every channel has finished; stopping once the last answers are sent");
            // Main exits the process, and the shutdown hook closes the bot.
            return bot.awaitIdle(Duration.ofHours(1)) ? 0 : 1;
        }
        return 0;
    }
}
