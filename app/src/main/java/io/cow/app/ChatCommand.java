package io.cow.app;

import io.cow.core.channel.Channel;
import io.cow.core.channel.ChannelContext;
import io.cow.core.channel.ChannelProvider;
import io.cow.core.pipeline.Bot;
import io.cow.core.store.InMemoryChannelStateStore;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;

/** Talks to the bot in the terminal, through the same pipeline as WeChat messages. */
@Command(name = "chat", description = {
        "talk to the bot in this terminal: each line is a private message; /group <topic> to act as a group member, /help for more.",
        "With input from a pipe it answers every triggering line and exits at the end of the input."})
public final class ChatCommand implements Callable<Integer> {

    /** The channel type, and the instance name its conversations are kept under. */
    static final String TERMINAL = "terminal";

    /** The command line's options ({@code --config}, {@code --data}), which Main holds for every command. */
    @CommandLine.ParentCommand
    Main main;

    @Override
    public Integer call() throws Exception {
        Startup startup = main.options.load();
        startup.warnings().forEach(w -> LoggerFactory.getLogger("cow").warn("⚠️ {}", w));
        startup.requireApiKey();
        Path dataDir = startup.dataDir();
        Clock clock = Clock.systemDefaultZone();
        Channel channel = terminal(startup.provider(TERMINAL), startup, dataDir, clock);
        try (DataFolderLock lock = DataFolderLock.acquire(dataDir);
             Bot bot = BotAssembly.assemble(startup, channel, dataDir, clock, null)) {
            bot.start();
            bot.finished().join();
            if (!bot.awaitIdle(Duration.ofHours(1))) {
                System.err.println("Gave up waiting for the last answers.");
                return 1;
            }
        }
        return 0;
    }

    private static <C> Channel terminal(ChannelProvider<C> provider, Startup startup, Path dataDir, Clock clock) {
        // The terminal keeps no login state: nothing to share with the store.
        return provider.configured(startup.settings())
                .create(new ChannelContext(TERMINAL, dataDir, new InMemoryChannelStateStore(), clock));
    }
}
