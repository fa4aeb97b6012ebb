package io.cow.app.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The cluster's account leases in PostgreSQL: one row per account (channel instance) naming the worker that runs it,
 * until when, and a fencing token that grows by one at every take. Times are the database's clock, so that workers'
 * clocks need not agree. The rules (who takes what, when to stop) are the cluster's; this is only their SQL.
 */
public final class Leases {

    /** The database's clock in epoch milliseconds. */
    private static final String NOW = "(extract(epoch FROM clock_timestamp()) * 1000)::bigint";

    private static final String REGISTER = "INSERT INTO leases (account) VALUES (?) ON CONFLICT (account) DO NOTHING";
    private static final String HEARTBEAT = """
            INSERT INTO workers (id, seen_at, expires_at) VALUES (?, %1$s, %1$s + ?)
            ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at, expires_at = excluded.expires_at""".formatted(NOW);
    private static final String FORGET_WORKERS = "DELETE FROM workers WHERE expires_at < %s - ?".formatted(NOW);
    private static final String LIVE_WORKERS = "SELECT id FROM workers WHERE expires_at > %s ORDER BY id".formatted(NOW);
    private static final String ALL = "SELECT account, holder, token, expires_at > %s FROM leases ORDER BY account".formatted(NOW);
    private static final String TAKE = """
            UPDATE leases SET holder = ?, token = token + 1, expires_at = %1$s + ?
             WHERE account = ? AND expires_at <= %1$s
            RETURNING token""".formatted(NOW);
    private static final String RENEW = """
            UPDATE leases SET expires_at = %s + ? WHERE account = ? AND holder = ? AND token = ?""".formatted(NOW);
    /** A released lease is free after a quiet time: the transport notices the old poller is gone before a new one comes. */
    private static final String RELEASE = """
            UPDATE leases SET holder = '', expires_at = %s + ? WHERE account = ? AND holder = ? AND token = ?""".formatted(NOW);
    private static final String LEAVE = "DELETE FROM workers WHERE id = ?";
    /** The fencing check: the row stays locked until the write that asked commits, so no take slips in between. */
    static final String HOLDS = "SELECT 1 FROM leases WHERE account = ? AND holder = ? AND token = ? FOR SHARE";

    /** A lease this worker holds: the account and the token its writes carry. */
    public record Lease(String account, long token) {
    }

    /** One account's lease as the table says: its holder ("" when free) and whether it is still valid. */
    public record Row(String account, String holder, long token, boolean live) {
    }

    /** What a worker sees at its heartbeat: the live workers (itself among them) and every lease. */
    public record Census(List<String> workers, List<Row> leases) {
    }

    private final Database db;

    Leases(Database db) {
        this.db = db;
    }

    /** Makes sure each account has a lease row (free until taken). */
    public void register(Collection<String> accounts) {
        db.transaction("register the accounts' leases", () -> {
            PreparedStatement insert = db.statement(REGISTER);
            for (String account : accounts) {
                insert.setString(1, account);
                insert.executeUpdate();
            }
            return null;
        });
    }

    /** Notes that this worker lives for {@code ttl} more, and reads who else does and every lease. */
    public Census heartbeat(String worker, Duration ttl) {
        return db.transaction("note that worker " + worker + " lives", () -> {
            PreparedStatement beat = db.statement(HEARTBEAT);
            beat.setString(1, worker);
            beat.setLong(2, ttl.toMillis());
            beat.executeUpdate();
            PreparedStatement forget = db.statement(FORGET_WORKERS);
            forget.setLong(1, ttl.multipliedBy(10).toMillis());
            forget.executeUpdate();
            List<String> workers = new ArrayList<>();
            try (ResultSet rows = db.statement(LIVE_WORKERS).executeQuery()) {
                while (rows.next()) {
                    workers.add(rows.getString(1));
                }
            }
            List<Row> leases = new ArrayList<>();
            try (ResultSet rows = db.statement(ALL).executeQuery()) {
                while (rows.next()) {
                    leases.add(new Row(rows.getString(1), rows.getString(2), rows.getLong(3), rows.getBoolean(4)));
                }
            }
            return new Census(workers, leases);
        });
    }

    /** Takes an account's lease if it is free or has expired; the token is one more than the last holder's. */
    public Optional<Lease> take(String account, String worker, Duration ttl) {
        return db.call("take the lease of " + account, () -> {
            PreparedStatement take = db.statement(TAKE);
            take.setString(1, worker);
            take.setLong(2, ttl.toMillis());
            take.setString(3, account);
            try (ResultSet rows = take.executeQuery()) {
                return rows.next() ? Optional.of(new Lease(account, rows.getLong(1))) : Optional.<Lease>empty();
            }
        });
    }

    /** Extends this worker's leases by {@code ttl} from now; returns the accounts whose lease it still holds. */
    public Set<String> renew(String worker, Collection<Lease> held, Duration ttl) {
        return db.transaction("renew the leases of worker " + worker, () -> {
            PreparedStatement renew = db.statement(RENEW);
            Set<String> still = new HashSet<>();
            for (Lease lease : held) {
                renew.setLong(1, ttl.toMillis());
                renew.setString(2, lease.account());
                renew.setString(3, worker);
                renew.setLong(4, lease.token());
                if (renew.executeUpdate() == 1) {
                    still.add(lease.account());
                }
            }
            return still;
        });
    }

    /** Gives a lease up once its instance has stopped: another worker may take it after {@code quiet}. */
    public void release(String worker, Lease lease, Duration quiet) {
        db.call("release the lease of " + lease.account(), () -> {
            PreparedStatement release = db.statement(RELEASE);
            release.setLong(1, quiet.toMillis());
            release.setString(2, lease.account());
            release.setString(3, worker);
            release.setLong(4, lease.token());
            return release.executeUpdate();
        });
    }

    /** Removes this worker from the live ones (it stops). */
    public void leave(String worker) {
        db.call("note that worker " + worker + " stops", () -> {
            PreparedStatement leave = db.statement(LEAVE);
            leave.setString(1, worker);
            return leave.executeUpdate();
        });
    }
}
