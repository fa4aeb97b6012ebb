package io.cow.app;

import io.cow.core.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.Callable;

/** The {@code cow} command line. */
@Command(name = "cow", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, scope = ScopeType.INHERIT,
        description = "ChatGPT-on-WeChat for Java: a WeChat bot that answers with a large language model.",
        subcommands = {RunCommand.class, ChatCommand.class, CheckConfigCommand.class, ConsolePasswordCommand.class,
                StoreCommand.class})
public final class Main implements Callable<Integer> {

    static final int CONFIG_ERROR = 2;
    /** Another bot holds the data folder. */
    static final int DATA_FOLDER_IN_USE = 3;

    /** Inherited: given before or after the command's name, they land here. */
    @CommandLine.Mixin
    CommonOptions options = new CommonOptions();

    public static void main(String[] args) {
        useUtf8Output();
        // The JDK refuses Basic logins to a proxy for https tunnels unless this is emptied before its HTTP client loads;
        // a proxy URL with user:password must work (see Proxies). COW_JAVA_OPTS may still set it.
        if (System.getProperty("jdk.http.auth.tunneling.disabledSchemes") == null) {
            System.setProperty("jdk.http.auth.tunneling.disabledSchemes", "");
        }
        // Must happen before the first logger exists: in a chat, standard output is the conversation.
        if ("chat".equals(commandName(args))) {
            System.setProperty("cow.log.target", "System.err");
        }
        System.exit(run(args));
    }

    /**
     * Standard output and error as UTF-8, whatever the locale: without one (LANG unset, as in minimal containers and
     * cron) the JVM would write every Chinese character and emoji as '?'.
     */
    static void useUtf8Output() {
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
    }

    /** Runs the command line and returns the exit code. */
    public static int run(String... args) {
        CommandLine commandLine = commandLine();
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException config) {
                printConfigError(config);
                return CONFIG_ERROR;
            }
            if (e instanceof DataFolderLock.InUseException inUse) {
                System.err.println("❌ " + inUse.getMessage());
                return DATA_FOLDER_IN_USE;
            }
            throw e;
        });
        return commandLine.execute(args);
    }

    private static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        // A data folder may be called "chat": an option's value is never taken for a command's name.
        commandLine.setAllowSubcommandsAsOptionParameters(true);
        commandLine.setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
        commandLine.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        return commandLine;
    }

    /** The subcommand the arguments name (null for none, or when they do not parse: execute says why). */
    static String commandName(String[] args) {
        try {
            CommandLine.ParseResult parsed = commandLine().parseArgs(args);
            return parsed.hasSubcommand() ? parsed.subcommand().commandSpec().name() : null;
        } catch (CommandLine.ParameterException e) {
            return null;
        }
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
        run.main = this;
        return run.call();
    }

    /** The version the build wrote into the jar: the Maven version and, when built from a git checkout, the commit. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"cow " + describe(read())};
        }

        static Properties read() {
            Properties properties = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the version the build wrote", e);
            }
            return properties;
        }

        static String describe(Properties build) {
            String version = filled(build.getProperty("version"));
            if (version == null) {
                return "(version unknown: not built by Maven)";
            }
            String commit = filled(build.getProperty("commit"));
            if (commit == null) {
                return version;
            }
            return version + " (commit " + commit + ")";
        }

        /** A value Maven filled in; null for nothing, a placeholder it left, or "none" (no git checkout, no commit given). */
        private static String filled(String value) {
            return value == null || value.isBlank() || value.startsWith("${") || value.strip().equals("none") ? null : value.strip();
        }
    }
}
