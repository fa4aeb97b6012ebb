package io.cow.app.store;

import io.cow.core.store.ChannelStateStore;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Optional;

/** The channels' login state in the database (a file readable by its owner only); writes fenced in a cluster. */
final class SqliteChannelStateStore implements ChannelStateStore {

    private final Database db;
    private final Clock clock;
    private final Fencing fencing;

    SqliteChannelStateStore(Database db, Clock clock, Fencing fencing) {
        this.db = db;
        this.clock = clock;
        this.fencing = fencing;
    }

    @Override
    public Optional<String> get(String channel, String key) {
        return db.call("read the state of channel " + channel, () -> {
            PreparedStatement read = db.statement(StoreSql.GET_STATE);
            read.setString(1, channel);
            read.setString(2, key);
            try (ResultSet rows = read.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        });
    }

    @Override
    public void put(String channel, String key, String value) {
        fencing.write(db, channel, "save the state of channel " + channel, () -> write(StoreSql.PUT_STATE, channel, key, value));
    }

    /** Saves a value unless one is saved already; returns whether it was saved. */
    boolean putIfAbsent(String channel, String key, String value) {
        return fencing.write(db, channel, "save the state of channel " + channel,
                () -> write(StoreSql.INSERT_STATE_IF_ABSENT, channel, key, value)) == 1;
    }

    @Override
    public void remove(String channel, String key) {
        fencing.write(db, channel, "remove the state of channel " + channel, () -> {
            PreparedStatement delete = db.statement(StoreSql.DELETE_STATE);
            delete.setString(1, channel);
            delete.setString(2, key);
            return delete.executeUpdate();
        });
    }

    private int write(String sql, String channel, String key, String value) throws java.sql.SQLException {
        PreparedStatement write = db.statement(sql);
        write.setString(1, channel);
        write.setString(2, key);
        write.setString(3, value);
        write.setLong(4, clock.millis());
        return write.executeUpdate();
    }
}
