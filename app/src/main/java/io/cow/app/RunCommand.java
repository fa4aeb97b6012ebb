package io.cow.app;

import io.cow.app.store.SqliteStore;
import io.cow.app.store.StoreOptions;
import io.cow.core.channel.Channel;
import io.cow.core.channel.ChannelContext;
import io.cow.core.channel.ChannelProvider;
import io.cow.core.pipeline.Bot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** Runs the bot on the configured channel until the process is stopped. */
@Command(name = "run", description = "start the bot on the configured channel (the default command)")
public final class RunCommand implements Callable<Integer> {

    @CommandLine.Mixin
    CommonOptions options = new CommonOptions();

    @Override
    public Integer call() throws Exception {
        Logger log = LoggerFactory.getLogger("cow");
        Startup startup = options.load();
        startup.warnings().forEach(w -> log.warn("⚠️ {}", w));
        startup.requireApiKey();
        Path dataDir = startup.dataDir();
        Clock clock = Clock.systemDefaultZone();
        ChannelProvider provider = startup.channelProvider();
        SqliteStore store = SqliteStore.open(dataDir, StoreOptions.from(startup.settings()), clock);
        Bot bot;
        try {
            Channel channel = provider.create(new ChannelContext(startup.settings(), dataDir, store.channelState(), clock));
            bot = BotAssembly.assemble(startup, channel, dataDir, clock, null, store);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Heartbeat heartbeat = new Heartbeat(dataDir, clock);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Stopping");
            heartbeat.close();
            bot.close();
            stopped.countDown();
        }, "shutdown"));
        log.info("Data folder: {}", dataDir.toAbsolutePath());
        bot.start();
        heartbeat.start(Heartbeat.INTERVAL);
        stopped.await();
        return 0;
    }
}
