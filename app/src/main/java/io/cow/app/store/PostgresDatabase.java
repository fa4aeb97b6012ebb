package io.cow.app.store;

import com.zaxxer.hikari.HikariDataSource;
import io.cow.core.store.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A PostgreSQL database through a small HikariCP pool. Each call borrows a connection for its thread and gives it
 * back at the end, closing the statements it prepared (the driver keeps the server-side plans per connection). Work
 * inside a call that calls again runs on the same connection. A transaction that the server breaks off for a
 * deadlock or a serialization conflict with another worker's is run again, up to {@value #ATTEMPTS} times.
 */
final class PostgresDatabase extends Database {

    private static final int ATTEMPTS = 3;
    private static final String SERIALIZATION_FAILURE = "40001";
    private static final String DEADLOCK = "40P01";

    private final HikariDataSource pool;
    private final String shown;
    private final ThreadLocal<PreparedStatements> current = new ThreadLocal<>();

    PostgresDatabase(HikariDataSource pool, String shown) {
        this.pool = pool;
        this.shown = shown;
    }

    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }

    @Override
    Connection connection() {
        return statements().connection();
    }

    @Override
    PreparedStatement statement(String sql) throws SQLException {
        return statements().get(sql);
    }

    private PreparedStatements statements() {
        PreparedStatements statements = current.get();
        if (statements == null) {
            throw new IllegalStateException("a statement outside of call or transaction");
        }
        return statements;
    }

    @Override
    <T> T call(String what, Work<T> work) {
        return run(what, work, false);
    }

    @Override
    <T> T transaction(String what, Work<T> work) {
        return run(what, work, true);
    }

    private <T> T run(String what, Work<T> work, boolean transaction) {
        if (current.get() != null) {
            try {
                return work.run();
            } catch (SQLException e) {
                throw failure(what, e);
            }
        }
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = pool.getConnection(); PreparedStatements statements = new PreparedStatements(connection)) {
                current.set(statements);
                T result = transaction ? inTransaction(connection, work) : work.run();
                worked();
                return result;
            } catch (SQLException e) {
                if (!transaction || attempt == ATTEMPTS || !retryable(e)) {
                    throw failure(what, e);
                }
            } finally {
                current.remove();
            }
        }
    }

    private static <T> T inTransaction(Connection connection, Work<T> work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            T result = work.run();
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        }
    }

    private static boolean retryable(SQLException e) {
        return SERIALIZATION_FAILURE.equals(e.getSQLState()) || DEADLOCK.equals(e.getSQLState());
    }

    private StoreException failure(String what, SQLException e) {
        if (pool.isClosed()) {
            return new StoreException("cannot " + what + ": the database " + shown + " is closed", e);
        }
        return failed(what, e);
    }

    @Override
    void execute(String sql) {
        call("run " + sql, () -> statement(sql).execute());
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return shown;
    }
}
