package io.cow.app.store;

import io.cow.core.message.ChatKind;
import io.cow.core.store.ChatStore;
import io.cow.core.store.SeenChat;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The chats seen, in the database. */
final class SqliteChatStore implements ChatStore {

    private final Database db;

    SqliteChatStore(Database db) {
        this.db = db;
    }

    @Override
    public void saw(Collection<SeenChat> chats) {
        if (chats.isEmpty()) {
            return;
        }
        db.transaction("record the chats seen", () -> {
            PreparedStatement saw = db.statement(StoreSql.SAW_CHAT);
            for (SeenChat chat : chats) {
                saw.setString(1, chat.channel());
                saw.setString(2, chat.chatKey());
                saw.setString(3, chat.kind().name());
                saw.setString(4, chat.title());
                saw.setLong(5, chat.lastAt().toEpochMilli());
                saw.setString(6, chat.lastOutcome());
                saw.setLong(7, chat.messages());
                saw.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<SeenChat> list(String search, int offset, int limit) {
        return db.call("list the chats", () -> {
            PreparedStatement read = db.statement(StoreSql.CHATS);
            int next = bindSearch(read, search);
            read.setInt(next, limit);
            read.setInt(next + 1, offset);
            List<SeenChat> out = new ArrayList<>();
            try (ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    out.add(row(rows));
                }
            }
            return out;
        });
    }

    @Override
    public int count(String search) {
        return db.call("count the chats", () -> {
            PreparedStatement read = db.statement(StoreSql.COUNT_CHATS);
            bindSearch(read, search);
            try (ResultSet rows = read.executeQuery()) {
                return rows.next() ? rows.getInt(1) : 0;
            }
        });
    }

    @Override
    public Optional<SeenChat> find(String channel, String chatKey) {
        return db.call("read a chat", () -> {
            PreparedStatement read = db.statement(StoreSql.FIND_CHAT);
            read.setString(1, channel);
            read.setString(2, chatKey);
            try (ResultSet rows = read.executeQuery()) {
                return rows.next() ? Optional.of(row(rows)) : Optional.<SeenChat>empty();
            }
        });
    }

    /** Binds the search's three parameters; returns the next parameter's index. */
    private static int bindSearch(PreparedStatement read, String search) throws SQLException {
        String text = search == null ? "" : search;
        read.setString(1, text);
        read.setString(2, StoreSql.containing(text));
        read.setString(3, StoreSql.containing(text));
        return 4;
    }

    private static SeenChat row(ResultSet rows) throws SQLException {
        return new SeenChat(rows.getString(1), rows.getString(2), ChatKind.valueOf(rows.getString(3)), rows.getString(4),
                Instant.ofEpochMilli(rows.getLong(5)), rows.getString(6), rows.getLong(7));
    }
}
