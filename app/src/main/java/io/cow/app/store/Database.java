package io.cow.app.store;

import io.cow.core.store.Store;
import io.cow.core.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * The database under the store: a SQLite file ({@link SqliteDatabase}) or a PostgreSQL server
 * ({@link PostgresDatabase}). The stores of conversations, the inbox, channel state and the rest are written once
 * against this class, in SQL that both databases accept (see {@link StoreSql}). The database also says since when
 * its work fails, for the health check.
 */
abstract class Database implements AutoCloseable {

    /** Work done with a connection held. */
    interface Work<T> {
        T run() throws SQLException;
    }

    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private volatile Instant failingSince;
    private volatile String lastFailure;

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

    /** Runs one statement as is, such as a PRAGMA (tests use it to make the database fail). */
    abstract void execute(String sql);

    /** Since when the database's work fails without a success in between, and the last failure; empty while it works. */
    final Optional<Store.Failing> failing() {
        Instant since = failingSince;
        return since == null ? Optional.empty() : Optional.of(new Store.Failing(since, lastFailure));
    }

    /** To be called after work that succeeded. */
    final void worked() {
        if (failingSince != null) {
            failingSince = null;
            log.info("✅ The database {} works again", this);
        }
    }

    /** To be called when work failed: remembers since when, and makes the store's exception. */
    final StoreException failed(String what, SQLException e) {
        lastFailure = e.getMessage();
        if (failingSince == null) {
            failingSince = Instant.now();
        }
        return new StoreException("cannot " + what + " in " + this + ": " + e.getMessage(), e);
    }

    @Override
    public abstract void close();

    /** Where the data is, as a person may read it (a file, or a server and database without credentials). */
    @Override
    public abstract String toString();
}
