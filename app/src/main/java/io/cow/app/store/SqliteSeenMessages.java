package io.cow.app.store;

import io.cow.core.store.SeenMessages;

import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ids of messages taken in, in the database, so that dedupe holds across restarts. Each id is committed
 * before {@link #firstTime} returns true. Ids older than the maximum age are pruned at start and every
 * {@value #PRUNE_EVERY} new ids.
 */
final class SqliteSeenMessages implements SeenMessages {

    static final int PRUNE_EVERY = 1_000;

    private final Database db;
    private final Clock clock;
    private final Duration maxAge;
    private final AtomicInteger sincePrune = new AtomicInteger();

    SqliteSeenMessages(Database db, Clock clock, Duration maxAge) {
        this.db = db;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    @Override
    public boolean firstTime(String channel, String messageId) {
        boolean first = db.call("record a message id", () -> {
            PreparedStatement insert = db.statement(StoreSql.INSERT_SEEN);
            insert.setString(1, channel);
            insert.setString(2, messageId);
            insert.setLong(3, clock.millis());
            return insert.executeUpdate() == 1;
        });
        if (first && sincePrune.incrementAndGet() >= PRUNE_EVERY) {
            sincePrune.set(0);
            prune();
        }
        return first;
    }

    /** Forgets ids older than the maximum age; returns how many. */
    int prune() {
        return db.call("forget old message ids", () -> {
            PreparedStatement delete = db.statement(StoreSql.DELETE_SEEN_BEFORE);
            delete.setLong(1, clock.millis() - maxAge.toMillis());
            return delete.executeUpdate();
        });
    }
}
