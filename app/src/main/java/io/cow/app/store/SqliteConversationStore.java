package io.cow.app.store;

import io.cow.core.store.ConversationKey;
import io.cow.core.store.ConversationStore;
import io.cow.core.store.Turn;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Conversations and their turns in the database. */
final class SqliteConversationStore implements ConversationStore {

    private final Database db;

    SqliteConversationStore(Database db) {
        this.db = db;
    }

    @Override
    public List<Turn> newestTurns(ConversationKey key, long beforeId, int limit) {
        return db.call("read the conversation", () -> {
            PreparedStatement read = db.statement(StoreSql.NEWEST_TURNS);
            int i = bindKey(read, key);
            read.setLong(i++, beforeId);
            read.setInt(i, limit);
            List<Turn> turns = new ArrayList<>();
            try (ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    turns.add(new Turn(rows.getLong(1), rows.getString(2), rows.getString(3), Instant.ofEpochMilli(rows.getLong(4))));
                }
            }
            return turns;
        });
    }

    @Override
    public Turn append(ConversationKey key, Turn turn) {
        return append(key, turn, true);
    }

    @Override
    public Turn appendUndelivered(ConversationKey key, Turn turn) {
        return append(key, turn, false);
    }

    @Override
    public void forgetTurn(long turnId) {
        db.call("forget a turn", () -> {
            PreparedStatement delete = db.statement(StoreSql.DELETE_TURN);
            delete.setLong(1, turnId);
            return delete.executeUpdate();
        });
    }

    @Override
    public int forgetUndelivered(String channel) {
        return db.call("forget undelivered turns", () -> {
            PreparedStatement delete = db.statement(StoreSql.DELETE_UNDELIVERED_ORPHANS);
            delete.setString(1, channel);
            return delete.executeUpdate();
        });
    }

    private Turn append(ConversationKey key, Turn turn, boolean delivered) {
        return db.transaction("record a turn", () -> {
            PreparedStatement touch = db.statement(StoreSql.TOUCH_CONVERSATION);
            int i = bindKey(touch, key);
            touch.setLong(i, turn.at().toEpochMilli());
            long conversation = singleLong(touch);
            PreparedStatement insert = db.statement(StoreSql.INSERT_TURN);
            insert.setLong(1, conversation);
            insert.setString(2, turn.question());
            insert.setString(3, turn.answer());
            insert.setLong(4, turn.at().toEpochMilli());
            insert.setInt(5, delivered ? 1 : 0);
            return new Turn(singleLong(insert), turn.question(), turn.answer(), turn.at());
        });
    }

    @Override
    public List<ConversationKey> conversationsOf(String channel, String chatKey) {
        return db.call("list a chat's conversations", () -> {
            PreparedStatement read = db.statement(StoreSql.CONVERSATIONS_OF_CHAT);
            read.setString(1, channel);
            read.setString(2, chatKey);
            List<ConversationKey> keys = new ArrayList<>();
            try (ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    keys.add(new ConversationKey(channel, chatKey, rows.getString(1)));
                }
            }
            return keys;
        });
    }

    @Override
    public void forgetBefore(ConversationKey key, long turnId) {
        db.call("forget old turns", () -> {
            PreparedStatement delete = db.statement(StoreSql.DELETE_TURNS_BEFORE);
            int i = bindKey(delete, key);
            delete.setLong(i, turnId);
            return delete.executeUpdate();
        });
    }

    @Override
    public String summary(ConversationKey key) {
        return db.call("read a conversation's summary", () -> {
            PreparedStatement read = db.statement(StoreSql.SUMMARY);
            bindKey(read, key);
            try (java.sql.ResultSet rows = read.executeQuery()) {
                return rows.next() ? rows.getString(1) : "";
            }
        });
    }

    @Override
    public void summarize(ConversationKey key, String summary, long beforeTurnId) {
        db.transaction("keep a conversation's summary", () -> {
            PreparedStatement set = db.statement(StoreSql.SET_SUMMARY);
            set.setString(1, summary);
            bindKey(set, key, 2);
            set.executeUpdate();
            PreparedStatement delete = db.statement(StoreSql.DELETE_TURNS_BEFORE);
            int i = bindKey(delete, key);
            delete.setLong(i, beforeTurnId);
            return delete.executeUpdate();
        });
    }

    @Override
    public void clear(ConversationKey key) {
        db.transaction("forget a conversation", () -> {
            PreparedStatement turns = db.statement(StoreSql.DELETE_TURNS_OF_CONVERSATION);
            bindKey(turns, key);
            turns.executeUpdate();
            PreparedStatement conversation = db.statement(StoreSql.DELETE_CONVERSATION);
            bindKey(conversation, key);
            return conversation.executeUpdate();
        });
    }

    @Override
    public int clearInactiveSince(Instant cutoff) {
        return db.transaction("forget expired conversations", () -> {
            PreparedStatement turns = db.statement(StoreSql.DELETE_TURNS_OF_INACTIVE);
            turns.setLong(1, cutoff.toEpochMilli());
            turns.executeUpdate();
            PreparedStatement conversations = db.statement(StoreSql.DELETE_INACTIVE_CONVERSATIONS);
            conversations.setLong(1, cutoff.toEpochMilli());
            return conversations.executeUpdate();
        });
    }

    /** Binds channel, chat key and member key; returns the next parameter index. */
    private static int bindKey(PreparedStatement statement, ConversationKey key) throws SQLException {
        return bindKey(statement, key, 1);
    }

    /** Binds the key's three parts from parameter {@code first} on; returns the next parameter's index. */
    private static int bindKey(PreparedStatement statement, ConversationKey key, int first) throws SQLException {
        statement.setString(first, key.channel());
        statement.setString(first + 1, key.chatKey());
        statement.setString(first + 2, key.memberKey());
        return first + 3;
    }

    private static long singleLong(PreparedStatement returning) throws SQLException {
        try (ResultSet rows = returning.executeQuery()) {
            if (!rows.next()) {
                throw new SQLException("the statement returned no row");
            }
            return rows.getLong(1);
        }
    }
}
