package io.cow.app;

import io.cow.core.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.List;
import java.util.concurrent.Callable;

/** The {@code cow} command line. */
@Command(name = "cow", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "ChatGPT-on-WeChat for Java: a WeChat bot that answers with a large language model.",
        subcommands = {RunCommand.class, ChatCommand.class, CheckConfigCommand.class, ConsolePasswordCommand.class,
                StoreCommand.class})
public final class Main implements Callable<Integer> {

    static final int CONFIG_ERROR = 2;

    @CommandLine.Mixin
    CommonOptions options = new CommonOptions();

    public static void main(String[] args) {
        // Must happen before the first logger exists: in a chat, standard output is the conversation.
        if (List.of(args).contains("chat")) {
            System.setProperty("cow.log.target", "System.err");
        }
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code. */
    public static int run(String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException config) {
                printConfigError(config);
                return CONFIG_ERROR;
            }
            throw e;
        });
        return commandLine.execute(args);
    }

    static void printConfigError(ConfigException e) {
        System.err.println("❌ Configuration error:");
        for (String problem : e.problems()) {
            System.err.println("   - " + problem);
        }
        System.err.println("   Check it with: ./cow check-config");
    }

    /** With no command, the bot runs. */
    @Override
    public Integer call() throws Exception {
        RunCommand run = new RunCommand();
        run.options = options;
        return run.call();
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[]{"cow " + (version == null ? "(development build)" : version)};
        }
    }
}
