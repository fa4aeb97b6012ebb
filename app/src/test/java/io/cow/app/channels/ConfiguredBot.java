package io.cow.app.channels;

import io.cow.app.BotAssembly;
import io.cow.app.Startup;
import io.cow.app.store.SqliteStore;
import io.cow.app.store.StoreOptions;
import io.cow.core.pipeline.Bot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * A whole bot as {@code cow run} wires it from a config.yaml (the only way to write a {@code channels:} list), in this
 * process, its state in a data folder: for tests of several channel instances.
 */
final class ConfiguredBot implements AutoCloseable {

    final Bot bot;

    private ConfiguredBot(Bot bot) {
        this.bot = bot;
    }

    /** Writes this YAML as the config file in {@code dir} and starts the bot it describes. */
    static ConfiguredBot start(Path dir, String yaml) {
        try {
            Path config = Files.writeString(dir.resolve("config.yaml"), yaml);
            Startup startup = Startup.load(config, Map.of(), Map.of());
            Startup.Configured configured = startup.configure();
            Clock clock = Clock.systemDefaultZone();
            Path dataDir = startup.dataDir();
            SqliteStore store = SqliteStore.open(dataDir, StoreOptions.from(startup.settings()), clock);
            Bot bot = BotAssembly.assemble(startup, configured, dataDir, clock, null, store);
            bot.start();
            return new ConfiguredBot(bot);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        bot.close();
    }
}
