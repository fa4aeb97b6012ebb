package io.cow.app;

import io.cow.core.channel.Channel;
import io.cow.core.channel.ChannelContext;
import io.cow.core.channel.ChannelProvider;
import io.cow.app.logging.LogConfigurator;
import io.cow.core.config.CoreSettings;
import io.cow.core.log.Terminals;
import io.cow.core.pipeline.Bot;
import io.cow.core.store.InMemoryChannelStateStore;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

/** Talks to the bot in the terminal, through the same pipeline as WeChat messages. */
@Command(name = "chat", description = {
        "talk to the bot in this terminal: each line is a private message; /group <topic> to act as a group member, /help for more.",
        "With input from a pipe it answers every triggering line and exits at the end of the input.",
        "At a terminal the log goes to <data>/logs/chat.log; no test question is sent to the model unless --self-test."})
public final class ChatCommand implements Callable<Integer> {

    /** The channel type, and the instance name its conversations are kept under. */
    static final String TERMINAL = "terminal";

    /** The command line's options ({@code --config}, {@code --data}), which Main holds for every command. */
    @CommandLine.ParentCommand
    Main main;

    @CommandLine.Option(names = "--self-test",
            description = "ask the model one test question at start, as run does (off in a chat: each costs a request)")
    boolean selfTest;

    @Override
    public Integer call() throws Exception {
        Startup startup = main.options.load(Map.of(CoreSettings.MODEL_SELF_TEST.key(), selfTest));
        startup.requireApiKey();
        Path dataDir = startup.dataDir();
        if (Terminals.interactive()) {
            // At a terminal the screen is the conversation: the log goes to a file, only warnings and errors show.
            Path logFile = dataDir.resolve("logs").resolve("chat.log");
            Files.createDirectories(logFile.getParent());
            LogConfigurator.toFile(logFile);
            System.out.println("(the log is in " + logFile + "; warnings and errors also show here)");
        }
        startup.warnings().forEach(w -> LoggerFactory.getLogger("cow").warn("⚠️ {}", w));
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
