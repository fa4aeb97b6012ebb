package io.cow.app.store;

import io.cow.core.store.DailyUsage;
import io.cow.core.store.UsageKey;
import io.cow.core.store.UsageStore;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Token usage per person, chat, model and day in the database. */
final class SqliteUsageStore implements UsageStore {

    private final Database db;

    SqliteUsageStore(Database db) {
        this.db = db;
    }

    @Override
    public void add(UsageKey key, LocalDate day, int promptTokens, int completionTokens, boolean estimated) {
        db.call("count token usage", () -> {
            PreparedStatement add = db.statement(StoreSql.ADD_USAGE);
            add.setString(1, key.channel());
            add.setString(2, key.chatKey());
            add.setString(3, key.memberKey());
            add.setString(4, key.model());
            add.setString(5, day.toString());
            add.setLong(6, promptTokens);
            add.setLong(7, completionTokens);
            add.setInt(8, estimated ? 1 : 0);
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
                    out.add(new DailyUsage(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                            LocalDate.parse(rows.getString(5)), rows.getLong(6), rows.getLong(7), rows.getLong(8), rows.getLong(9)));
                }
            }
            return out;
        });
    }
}
