package io.cow.app.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The database under the store: a SQLite file ({@link SqliteDatabase}) or a PostgreSQL server
 * ({@link PostgresDatabase}). The stores of conversations, the inbox, channel state and the rest are written once
 * against this class, in SQL that both databases accept (see {@link StoreSql}).
 */
abstract class Database implements AutoCloseable {

    /** Work done with a connection held. */
    interface Work<T> {
        T run() throws SQLException;
    }

    /** Which database this is: where their SQL differs. */
    abstract Dialect dialect();

    /** The connection of the call or transaction under way on this thread (for its metadata, say). */
    abstract Connection connection() throws SQLException;

    /** The prepared statement for this SQL; call only inside {@link #call} or {@link #transaction}. */
    abstract PreparedStatement statement(String sql) throws SQLException;

    /** Runs one statement's worth of work. */
    abstract <T> T call(String what, Work<T> work);

    /** Runs work that must happen whole or not at all. */
    abstract <T> T transaction(String what, Work<T> work);

    @Override
    public abstract void close();

    /** Where the data is, as a person may read it (a file, or a server and database without credentials). */
    @Override
    public abstract String toString();
}
