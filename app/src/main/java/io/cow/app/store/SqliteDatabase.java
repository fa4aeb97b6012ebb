package io.cow.app.store;

import io.cow.core.store.StoreException;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One connection to the database file, used by one thread at a time. The bot's writes are small and short,
 * so a single connection behind a lock is both the simplest and the fastest way to share it: no pool, no
 * lock contention inside SQLite. Prepared statements are kept while they work: after any failure they are all
 * prepared afresh at their next use, because a statement that failed (SQLite's "database or disk is full") can stay
 * broken for good ("statement is not executing") although the disk has room again.
 */
final class SqliteDatabase extends Database {

    private final Path file;
    private final Connection connection;
    private final Statement control;
    private final ReentrantLock lock = new ReentrantLock();
    private final PreparedStatements statements;
    private boolean closed;

    SqliteDatabase(Path file, Connection connection) throws SQLException {
        this.file = file;
        this.connection = connection;
        this.control = connection.createStatement();
        this.statements = new PreparedStatements(connection);
    }

    Path file() {
        return file;
    }

    @Override
    Dialect dialect() {
        return Dialect.SQLITE;
    }

    @Override
    Connection connection() {
        if (!lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("the connection outside of call or transaction");
        }
        return connection;
    }

    @Override
    PreparedStatement statement(String sql) throws SQLException {
        return statements.get(sql);
    }

    /** Runs one statement's worth of work (SQLite makes a single statement atomic by itself). */
    @Override
    <T> T call(String what, Work<T> work) {
        lock.lock();
        try {
            ensureOpen(what);
            T result = work.run();
            worked();
            return result;
        } catch (SQLException e) {
            throw failure(what, e);
        } finally {
            lock.unlock();
        }
    }

    /** Runs work that must happen whole or not at all, taking the write lock from the start. */
    @Override
    <T> T transaction(String what, Work<T> work) {
        return call(what, () -> {
            control.execute("BEGIN IMMEDIATE");
            T result;
            try {
                result = work.run();
            } catch (SQLException | RuntimeException e) {
                rollback(e);
                throw e;
            }
            control.execute("COMMIT");
            return result;
        });
    }

    private void rollback(Exception cause) {
        try {
            control.execute("ROLLBACK");
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private void ensureOpen(String what) {
        if (closed) {
            throw new StoreException("cannot " + what + ": the database " + file + " is closed", null);
        }
    }

    @Override
    void execute(String sql) {
        call("run " + sql, () -> control.execute(sql));
    }

    /** Called with the lock held: the cached statements are prepared again at their next use. */
    private StoreException failure(String what, SQLException e) {
        try {
            statements.close();
        } catch (SQLException closing) {
            e.addSuppressed(closing);
        }
        return failed(what, e);
    }

    @Override
    public String toString() {
        return file.toString();
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            statements.close();
            control.close();
            connection.close();
        } catch (SQLException e) {
            throw failure("close the database", e);
        } finally {
            lock.unlock();
        }
    }
}
