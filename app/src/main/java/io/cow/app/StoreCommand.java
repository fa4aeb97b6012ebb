package io.cow.app;

import io.cow.app.store.SqliteStore;
import io.cow.app.store.StoreCopy;
import io.cow.app.store.StoreLocation;
import io.cow.app.store.StoreOptions;
import io.cow.app.store.StoreSettings;
import io.cow.core.config.Settings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code cow store ...}: work on the bot's store. */
@Command(name = "store", description = "work on the bot's store (its database)", subcommands = StoreCommand.Migrate.class)
public final class StoreCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    Main main;

    @Override
    public Integer call() {
        spec.commandLine().usage(System.out);
        return 0;
    }

    /** Copies a SQLite store into PostgreSQL (or any store into an empty one). */
    @Command(name = "migrate", description = "copy the data folder's cow.db (conversations, inbox, login state, usage, "
            + "chats, settings: every table) into an empty PostgreSQL database; stop the bot first")
    static final class Migrate implements Callable<Integer> {

        /** --config and --data are Main's inherited options, given anywhere on the line. */
        @CommandLine.ParentCommand
        StoreCommand store;

        @Option(names = "--to", required = true, paramLabel = "URL",
                description = "the target: postgresql://[user[:password]@]host[:port]/database "
                        + "(else store.user and store.password from the configuration or COW_STORE_USER/COW_STORE_PASSWORD)")
        String to;

        @Option(names = "--from", paramLabel = "URL", description = "the source (default: sqlite:cow.db in the data folder)")
        String from = StoreLocation.DEFAULT_URL;

        @Override
        public Integer call() {
            Startup startup = store.main.options.load();
            Settings settings = startup.settings();
            Path dataDir = startup.dataDir();
            String user = settings.get(StoreSettings.USER);
            String password = settings.get(StoreSettings.PASSWORD);
            StoreLocation source = StoreLocation.of(from, dataDir, user, password);
            StoreLocation target = StoreLocation.of(to, dataDir, user, password);
            PrintStream out = System.out;
            out.println("Copying " + source + " into " + target);
            StoreOptions storeOptions = StoreOptions.from(settings);
            Clock clock = Clock.systemDefaultZone();
            StoreCopy.Copied copied;
            try (SqliteStore sourceStore = SqliteStore.open(source, dataDir, storeOptions, clock);
                 SqliteStore targetStore = SqliteStore.open(target, dataDir, storeOptions, clock)) {
                copied = StoreCopy.copy(sourceStore, targetStore);
            }
            for (Map.Entry<String, Long> table : copied.rows().entrySet()) {
                out.printf(Locale.ROOT, "  %-20s %,10d rows%n", table.getKey(), table.getValue());
            }
            out.printf(Locale.ROOT, "✅ Copied %,d rows. To run on it, set store.url: %s (with store.user and "
                    + "store.password) and start the bot.%n", copied.total(), target);
            return 0;
        }
    }
}
