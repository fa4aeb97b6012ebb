package io.cow.app.store;

import io.cow.core.config.ConfigException;
import io.cow.core.config.Settings;

import java.nio.file.Path;

/** Where the store is, from {@code store.url}: a SQLite file or a PostgreSQL database. */
public sealed interface StoreLocation {

    String DEFAULT_URL = "sqlite:" + SqliteStore.FILE_NAME;

    /** A SQLite database file. */
    record SqliteFile(Path file) implements StoreLocation {
        @Override
        public String toString() {
            return "sqlite:" + file;
        }
    }

    /**
     * A PostgreSQL database.
     *
     * @param jdbcUrl the driver's URL, without user or password
     * @param shown   the server and database, as a person may read it
     */
    record PostgresServer(String jdbcUrl, String user, String password, String shown) implements StoreLocation {
        @Override
        public String toString() {
            return shown;
        }
    }

    /** The location the settings name; relative SQLite paths are in the data folder. */
    static StoreLocation from(Settings settings, Path dataDir) {
        String url = settings.get(StoreSettings.URL);
        try {
            return StoreUrl.parse(url, dataDir, settings.get(StoreSettings.USER), settings.get(StoreSettings.PASSWORD));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("config key '" + StoreSettings.URL.key() + "': " + e.getMessage());
        }
    }

    /** The location a URL names (as the migrate command's --to); the user and password count when the URL has none. */
    static StoreLocation of(String url, Path dataDir, String user, String password) {
        try {
            return StoreUrl.parse(url, dataDir, user, password);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }
}
