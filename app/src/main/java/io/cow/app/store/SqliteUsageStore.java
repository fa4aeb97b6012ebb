package io.cow.app.store;

import io.cow.core.store.DailyUsage;
import io.cow.core.store.UsageStore;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Token usage per chat per day in the database. */
final class SqliteUsageStore implements UsageStore {

    private final Database db;

    SqliteUsageStore(Database db) {
        this.db = db;
    }

    @Override
    public void add(String channel, String chatKey, LocalDate day, int promptTokens, int completionTokens, boolean estimated) {
        db.call("count token usage", () -> {
            PreparedStatement add = db.statement(StoreSql.ADD_USAGE);
            add.setString(1, channel);
            add.setString(2, chatKey);
            add.setString(3, day.toString());
            add.setLong(4, promptTokens);
            add.setLong(5, completionTokens);
            add.setInt(6, estimated ? 1 : 0);
            return add.executeUpdate();
        });
    }

    @Override
    public List<DailyUsage> daily(LocalDate from, LocalDate to) {
        return db.call("read token usage", () -> {
            PreparedStatement read = db.statement(StoreSql.DAILY_USAGE);
            read.setString(1, from.toString());
            read.setString(2, to.toString());
            List<DailyUsage> out = new ArrayList<>();
            try (ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    out.add(new DailyUsage(rows.getString(1), rows.getString(2), LocalDate.parse(rows.getString(3)),
                            rows.getLong(4), rows.getLong(5), rows.getLong(6), rows.getLong(7)));
                }
            }
            return out;
        });
    }
}
