package io.cow.app;

import io.cow.core.pipeline.Bot;
import io.cow.terminal.TerminalChannel;
import io.cow.terminal.TerminalChannelProvider;
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

    @CommandLine.Mixin
    CommonOptions options = new CommonOptions();

    @Override
    public Integer call() throws Exception {
        Startup startup = options.load();
        startup.warnings().forEach(w -> LoggerFactory.getLogger("cow").warn("⚠️ {}", w));
        startup.requireApiKey();
        Path dataDir = startup.dataDir();
        Clock clock = Clock.systemDefaultZone();
        TerminalChannel channel = new TerminalChannel(System.in, System.out,
                startup.settings().get(TerminalChannelProvider.BOT_NAME),
                startup.settings().get(TerminalChannelProvider.USER_NAME), clock, System.console() != null);
        try (Bot bot = BotAssembly.assemble(startup, channel, dataDir, clock, null)) {
            bot.start();
            channel.inputClosed().join();
            if (!bot.awaitIdle(Duration.ofHours(1))) {
                System.err.println("Gave up waiting for the last answers.");
                return 1;
            }
        }
        return 0;
    }
}
