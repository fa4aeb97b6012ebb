package io.cow.app.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.cow.core.config.ConfigException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Connects to a PostgreSQL database, refusing one that holds another program's tables or a newer schema, and
 * brings its schema up to date. Problems a person must solve (wrong address, password or database) become a
 * {@link ConfigException} naming the server without the password.
 */
final class PostgresOpener {

    /** How long a borrowed connection may be waited for, and a new one take to open. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /**
     * A statement that gets no answer for this long fails: the server or the network is gone. The cluster's lease
     * keeper has its own, shorter deadline; this one only frees the thread.
     */
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);
    /**
     * The server ends a session whose transaction waits this long for the client's next statement. Ours send their
     * statements back to back, so such a session belongs to a client the network cut off mid-transaction, and
     * without this the server would keep it, with the rows it locked, until its TCP keepalive gives up (hours): the
     * next holder of a cut-off worker's account waited for them (the reply to a chat, the account's lease). Well
     * under {@code cluster.leaseTtl}'s default, so that the locks are gone when the lease is free.
     */
    static final Duration IDLE_IN_TRANSACTION_TIMEOUT = Duration.ofSeconds(5);

    private PostgresOpener() {
    }

    /** Opens a pool of at most {@code poolSize} connections and migrates the schema. */
    static PostgresDatabase open(StoreLocation.PostgresServer server, int poolSize) {
        HikariDataSource pool = pool(server, poolSize);
        try (Connection connection = pool.getConnection()) {
            int version = checkIdentity(connection, server);
            Migrations.apply(connection, Dialect.POSTGRESQL, server.shown(), version, StoreSql.LATEST_VERSION);
        } catch (SQLException e) {
            pool.close();
            throw unusable(server, "PostgreSQL says: " + e.getMessage());
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new PostgresDatabase(pool, server.shown());
    }

    private static HikariDataSource pool(StoreLocation.PostgresServer server, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("cow-store");
        config.setJdbcUrl(server.jdbcUrl());
        if (!server.user().isEmpty()) {
            config.setUsername(server.user());
        }
        if (!server.password().isEmpty()) {
            config.setPassword(server.password());
        }
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(CONNECT_TIMEOUT.toMillis());
        config.addDataSourceProperty("connectTimeout", CONNECT_TIMEOUT.toSeconds());
        config.addDataSourceProperty("socketTimeout", SOCKET_TIMEOUT.toSeconds());
        config.addDataSourceProperty("tcpKeepAlive", true);
        config.addDataSourceProperty("ApplicationName", "cow");
        config.setConnectionInitSql("SET idle_in_transaction_session_timeout = " + IDLE_IN_TRANSACTION_TIMEOUT.toMillis());
        try {
            return new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw unusable(server, "cannot connect" + (server.user().isEmpty() ? "" : " as " + server.user()) + ": "
                    + cause.getMessage());
        }
    }

    /** @return the schema version of a database that is ours, or 0 for an empty one */
    private static int checkIdentity(Connection connection, StoreLocation.PostgresServer server) throws SQLException {
        if (!hasVersionTable(connection) && otherTables(connection) > 0) {
            throw unusable(server, "its schema holds tables of another program",
                    "Give the bot a database (or a schema, with ?currentSchema=...) of its own");
        }
        Migrations.preparePostgres(connection);
        int version = Migrations.version(connection, Dialect.POSTGRESQL);
        if (version > StoreSql.LATEST_VERSION) {
            throw unusable(server, "it was written by a newer version of cow (schema version " + version
                    + "; this version knows up to " + StoreSql.LATEST_VERSION + ")", "Run the newer version of cow");
        }
        return version;
    }

    private static boolean hasVersionTable(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT to_regclass('cow_schema') IS NOT NULL")) {
            return rows.next() && rows.getBoolean(1);
        }
    }

    private static int otherTables(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("""
                SELECT count(*) FROM information_schema.tables
                 WHERE table_schema = current_schema() AND table_name <> 'cow_schema'""")) {
            return rows.next() ? rows.getInt(1) : 0;
        }
    }

    private static ConfigException unusable(StoreLocation.PostgresServer server, String why) {
        return unusable(server, why, "Check store.url, store.user and store.password, and that the server runs");
    }

    private static ConfigException unusable(StoreLocation.PostgresServer server, String why, String advice) {
        return new ConfigException("the database " + server.shown() + " cannot be used: " + why + ". " + advice);
    }
}
