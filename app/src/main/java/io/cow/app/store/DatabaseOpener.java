package io.cow.app.store;

import io.cow.core.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Opens the database file, refusing anything that is not ours with an error that names the file, and brings
 * its schema up to date. Problems a person must solve (a foreign, damaged or newer file) become a
 * {@link ConfigException}, which the command line prints without a stack trace.
 */
final class DatabaseOpener {

    private static final Logger log = LoggerFactory.getLogger(DatabaseOpener.class);
    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final int BUSY_TIMEOUT_MILLIS = 5_000;
    private static final int SQLITE_FULL = 13;

    private DatabaseOpener() {
    }

    /** Opens (creating if needed) and migrates the database at {@code file}. */
    static SqliteDatabase open(Path file) {
        checkFile(file);
        createOwnerOnly(file);
        Connection connection = connect(file);
        try {
            int version = checkIdentity(connection, file);
            migrate(connection, file, version, StoreSql.LATEST_VERSION);
            checkIntegrity(connection, file);
            checkJournalMode(connection, file);
            return new SqliteDatabase(file, connection);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw unusable(file, "SQLite says: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    /** Opens a connection with the bot's settings: WAL, durable commits across a crash of the process. */
    static Connection connect(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // NORMAL in WAL mode: a commit survives the process being killed (the WAL is in the OS's hands);
        // only a power loss may take back the last commits, never leaving the file inconsistent.
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.enforceForeignKeys(true);
        try {
            return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        } catch (SQLException e) {
            throw unusable(file, "SQLite says: " + e.getMessage(), e);
        }
    }

    /** Applies the migrations after {@code from} up to {@code to}, each in its own transaction. */
    static void migrate(Connection connection, Path file, int from, int to) throws SQLException {
        Migrations.apply(connection, Dialect.SQLITE, file.toString(), from, to);
    }

    private static void checkFile(Path file) {
        if (Files.isDirectory(file)) {
            throw unusable(file, "it is a folder");
        }
        if (!Files.exists(file)) {
            return;
        }
        byte[] header = new byte[SQLITE_HEADER.length];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(header, 0, header.length);
        } catch (IOException e) {
            throw unusable(file, "it cannot be read (" + e.getMessage() + ")");
        }
        if (read > 0 && !Arrays.equals(header, SQLITE_HEADER)) {
            throw unusable(file, "it is not a SQLite database (a damaged file, or another program's)");
        }
        if (!Files.isWritable(file)) {
            throw unusable(file, "it is not writable by this user");
        }
    }

    /** A new database holds login state, so it is created readable by the owner only (WAL files inherit this). */
    private static void createOwnerOnly(Path file) {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            return;
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): SQLite creates the file; the user profile's ACLs apply.
        } catch (IOException e) {
            throw unusable(file, "it cannot be created (" + e.getMessage() + ")", e);
        }
    }

    /** @return the schema version of a file that is ours, or 0 for a new, empty one */
    private static int checkIdentity(Connection connection, Path file) throws SQLException {
        int applicationId = queryInt(connection, StoreSql.APPLICATION_ID_QUERY);
        int version = queryInt(connection, StoreSql.USER_VERSION_QUERY);
        if (applicationId == 0 && version == 0 && queryInt(connection, StoreSql.OBJECT_COUNT) == 0) {
            return 0;
        }
        if (applicationId != StoreSql.APPLICATION_ID) {
            throw unusable(file, "it is a SQLite database of another program");
        }
        if (version > StoreSql.LATEST_VERSION) {
            throw unusable(file, "it was written by a newer version of cow (schema version " + version
                    + "; this version knows up to " + StoreSql.LATEST_VERSION + ")",
                    "Run the newer version of cow, or choose another data folder with dataDir, COW_DATA_DIR or --data");
        }
        return version;
    }

    private static void checkIntegrity(Connection connection, Path file) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(StoreSql.QUICK_CHECK)) {
            List<String> findings = new ArrayList<>();
            while (rows.next()) {
                findings.add(rows.getString(1).replace('\n', ' ').strip());
            }
            if (!findings.equals(List.of("ok"))) {
                throw unusable(file, "it is damaged (SQLite's check found: " + String.join(" ", findings) + ")");
            }
        }
    }

    private static void checkJournalMode(Connection connection, Path file) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(StoreSql.JOURNAL_MODE_QUERY)) {
            String mode = rows.next() ? rows.getString(1) : "";
            if (!"wal".equalsIgnoreCase(mode)) {
                log.warn("⚠️ Database {} runs in journal mode {} instead of WAL (is it on a network file system?)", file, mode);
            }
        }
    }

    private static int queryInt(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getInt(1) : 0;
        }
    }

    static ConfigException unusable(Path file, String why) {
        return unusable(file, why, "Move the file away to start with an empty memory (the bot then needs a new login), "
                + "or choose another data folder with dataDir, COW_DATA_DIR or --data");
    }

    /** A failure caused by a full disk gets advice about space: the file is fine, and moving it away would cost a login. */
    static ConfigException unusable(Path file, String why, Exception cause) {
        if (diskFull(cause)) {
            return unusable(file, why, "The disk is full: free some space on the disk that holds "
                    + file.toAbsolutePath().getParent() + " and start the bot again. Keep the file: nothing in it is lost, "
                    + "and no new login is needed");
        }
        return unusable(file, why);
    }

    /** SQLite's SQLITE_FULL (13), or the system's "No space left on device". */
    static boolean diskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && (sql.getErrorCode() & 0xff) == SQLITE_FULL) {
                return true;
            }
            String message = t.getMessage();
            if (message != null && (message.contains("No space left on device") || message.contains("disk is full"))) {
                return true;
            }
        }
        return false;
    }

    private static ConfigException unusable(Path file, String why, String advice) {
        return new ConfigException("the database file " + file.toAbsolutePath() + " cannot be used: " + why + ". " + advice);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            log.debug("Closing a database connection that failed to open", e);
        }
    }
}
