package io.cow.app.store;

import io.cow.core.store.ChatSettingsStore;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** What commands set in single chats, in the database. */
final class SqliteChatSettingsStore implements ChatSettingsStore {

    private final Database db;
    private final Clock clock;

    SqliteChatSettingsStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public Map<String, String> get(String channel, String chatKey) {
        return db.call("read the settings of a chat", () -> {
            PreparedStatement read = db.statement(StoreSql.CHAT_SETTINGS);
            read.setString(1, channel);
            read.setString(2, chatKey);
            Map<String, String> settings = new LinkedHashMap<>();
            try (ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    settings.put(rows.getString(1), rows.getString(2));
                }
            }
            return settings;
        });
    }

    @Override
    public void put(String channel, String chatKey, String name, String value) {
        db.call("save a setting of a chat", () -> {
            PreparedStatement write = db.statement(StoreSql.PUT_CHAT_SETTING);
            write.setString(1, channel);
            write.setString(2, chatKey);
            write.setString(3, name);
            write.setString(4, value);
            write.setLong(5, clock.millis());
            return write.executeUpdate();
        });
    }

    @Override
    public void remove(String channel, String chatKey, String name) {
        db.call("remove a setting of a chat", () -> {
            PreparedStatement delete = db.statement(StoreSql.DELETE_CHAT_SETTING);
            delete.setString(1, channel);
            delete.setString(2, chatKey);
            delete.setString(3, name);
            return delete.executeUpdate();
        });
    }
}
