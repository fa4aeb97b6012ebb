package io.cow.app.store;

import io.cow.core.store.LeaseLostException;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * The fencing of a cluster worker's writes: a write of an account's login state, its incoming messages or its
 * outbox commits only while the worker holds the account's lease with the token it was given, checked in the write's
 * own transaction with the lease row locked. A worker that lost its lease (it could not renew in time, another took
 * the account) can so never overwrite the new holder's session or cursor, nor send for the account, whatever its
 * threads still do. Without a fence (one process, SQLite) writes go through as they are.
 */
final class Fencing {

    /** The worker and the tokens of the leases it holds (empty for an account it does not hold). */
    record Fence(String worker, Function<String, OptionalLong> tokens) {
    }

    private volatile Fence fence;

    void set(Fence fence) {
        this.fence = fence;
    }

    /** Runs an account's write: in a transaction behind the lease check when fenced, else as one call. */
    <T> T write(Database db, String account, String what, Database.Work<T> work) {
        if (fence == null) {
            return db.call(what, work);
        }
        requireToken(account);
        return db.transaction(what, () -> {
            check(db, account);
            return work.run();
        });
    }

    /** Runs an account's write of several statements in one transaction, behind the lease check when fenced. */
    <T> T transaction(Database db, String account, String what, Database.Work<T> work) {
        requireToken(account);
        return db.transaction(what, () -> {
            check(db, account);
            return work.run();
        });
    }

    /**
     * Fails at once, before any connection is asked for, for an account this worker does not hold (a stopped
     * account's threads must not wait for a database that may be gone).
     */
    void requireToken(String account) {
        Fence current = fence;
        if (current != null && current.tokens().apply(account).isEmpty()) {
            throw new LeaseLostException(account, "this worker holds no lease on it");
        }
    }

    /** Inside a transaction: fails with {@link LeaseLostException} unless this worker holds the account's lease. */
    void check(Database db, String account) throws SQLException {
        Fence current = fence;
        if (current == null) {
            return;
        }
        OptionalLong token = current.tokens().apply(account);
        if (token.isEmpty()) {
            throw new LeaseLostException(account, "this worker holds no lease on it");
        }
        PreparedStatement holds = db.statement(Leases.HOLDS);
        holds.setString(1, account);
        holds.setString(2, current.worker());
        holds.setLong(3, token.getAsLong());
        try (ResultSet rows = holds.executeQuery()) {
            if (!rows.next()) {
                throw new LeaseLostException(account, "its lease (token " + token.getAsLong() + ") was taken by another worker");
            }
        }
    }
}
