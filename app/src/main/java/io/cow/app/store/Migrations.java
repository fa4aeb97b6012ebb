package io.cow.app.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Brings a database's schema up to date with {@link StoreSql#MIGRATIONS}: the same list, in order, for SQLite and
 * PostgreSQL, each migration in its own transaction together with the new version number. SQLite keeps the version
 * in its header ({@code PRAGMA user_version}); PostgreSQL in the table {@code cow_schema}, one row per migration,
 * and several workers starting at once take turns through an advisory lock, so each migration runs exactly once.
 *
 * <p>Hand-written rather than Flyway: the whole mechanism is this class; one list serves both databases (Flyway
 * wants a script per database and its own history table, which SQLite files written by earlier versions lack); and
 * it costs the bot's start-up nothing.
 */
final class Migrations {

    private static final Logger log = LoggerFactory.getLogger(Migrations.class);
    /** The key of the PostgreSQL advisory lock that serialises migrations ("CowD" again). */
    private static final long LOCK_KEY = StoreSql.APPLICATION_ID;

    static final String PG_SCHEMA_TABLE = """
            CREATE TABLE IF NOT EXISTS cow_schema (
              version      INTEGER PRIMARY KEY,
              description  TEXT    NOT NULL,
              applied_at   BIGINT  NOT NULL
            )""";

    private Migrations() {
    }

    /** The schema version of the database: 0 for a new one. */
    static int version(Connection connection, Dialect dialect) throws SQLException {
        String sql = dialect == Dialect.SQLITE ? StoreSql.USER_VERSION_QUERY : "SELECT coalesce(max(version), 0) FROM cow_schema";
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getInt(1) : 0;
        }
    }

    /** Applies the migrations after {@code from} up to {@code to}, each in its own transaction. */
    static void apply(Connection connection, Dialect dialect, String where, int from, int to) throws SQLException {
        for (StoreSql.Migration migration : StoreSql.MIGRATIONS) {
            if (migration.version() <= from || migration.version() > to) {
                continue;
            }
            boolean applied = dialect == Dialect.SQLITE ? applySqlite(connection, migration) : applyPostgres(connection, migration);
            if (applied && from > 0) {
                log.info("🗄️ Database {} updated to schema version {} ({})", where, migration.version(), migration.description());
            }
        }
    }

    private static boolean applySqlite(Connection connection, StoreSql.Migration migration) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            try {
                for (String sql : migration.statements()) {
                    statement.execute(sql);
                }
                statement.execute(StoreSql.SET_USER_VERSION + migration.version());
                statement.execute("COMMIT");
                return true;
            } catch (SQLException e) {
                statement.execute("ROLLBACK");
                throw e;
            }
        }
    }

    private static boolean applyPostgres(Connection connection, StoreSql.Migration migration) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            lock(statement);
            if (version(connection, Dialect.POSTGRESQL) >= migration.version()) {
                connection.commit();
                return false; // another worker applied it while this one waited for the lock
            }
            for (String sql : migration.statements()) {
                Optional<String> translated = Dialect.POSTGRESQL.ddl(sql);
                if (translated.isPresent()) {
                    statement.execute(translated.get());
                }
            }
            try (PreparedStatement record = connection.prepareStatement(
                    "INSERT INTO cow_schema (version, description, applied_at) VALUES (?, ?, ?)")) {
                record.setInt(1, migration.version());
                record.setString(2, migration.description());
                record.setLong(3, System.currentTimeMillis());
                record.executeUpdate();
            }
            connection.commit();
            return true;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** Creates PostgreSQL's version table if the database has none yet (workers starting together take turns). */
    static void preparePostgres(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            lock(statement);
            statement.execute(PG_SCHEMA_TABLE);
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static void lock(Statement statement) throws SQLException {
        statement.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
    }
}
