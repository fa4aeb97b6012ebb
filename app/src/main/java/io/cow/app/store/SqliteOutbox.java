package io.cow.app.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.OutgoingMessage;
import io.cow.core.store.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The outbox in the database: a row per part waiting to be sent, removed once sent or given up. A cluster worker's
 * writes are fenced like the inbox's: one that lost the channel's lease can neither queue, mark as being sent, nor
 * cross off a part of it (the part stays for the new holder, who sends it under its client id).
 */
final class SqliteOutbox implements Outbox {

    private static final Logger log = LoggerFactory.getLogger(SqliteOutbox.class);

    private final Database db;
    private final Clock clock;
    private final Fencing fencing;

    SqliteOutbox(Database db, Clock clock, Fencing fencing) {
        this.db = db;
        this.clock = clock;
        this.fencing = fencing;
    }

    @Override
    public void add(String channel, OutgoingMessage part) {
        fencing.transaction(db, channel, "queue a reply", () -> {
            insert(channel, part);
            if (part.inReplyTo() != null) {
                PreparedStatement answering = db.statement(StoreSql.INBOX_ANSWERING);
                answering.setString(1, part.inReplyTo().channel());
                answering.setString(2, part.inReplyTo().id());
                answering.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<OutgoingMessage> finish(String channel, IncomingMessage inReplyTo, List<OutgoingMessage> parts, long turnId) {
        return fencing.transaction(db, channel, "queue the end of a reply", () -> {
            for (OutgoingMessage part : parts) {
                insert(channel, part);
            }
            if (turnId > 0) {
                linkTurn(channel, inReplyTo, turnId);
            }
            PreparedStatement done = db.statement(StoreSql.INBOX_DONE);
            done.setString(1, inReplyTo.channel());
            done.setString(2, inReplyTo.id());
            done.executeUpdate();
            return List.copyOf(parts);
        });
    }

    /** The turn counts as delivered once the answer's last part still waiting is sent; at once when none waits. */
    private void linkTurn(String channel, IncomingMessage inReplyTo, long turnId) throws SQLException {
        PreparedStatement last = db.statement(StoreSql.OUTBOX_LAST_OF_ANSWER);
        last.setString(1, channel);
        last.setString(2, inReplyTo.id());
        long lastId = 0;
        try (ResultSet rows = last.executeQuery()) {
            if (rows.next()) {
                lastId = rows.getLong(1);
            }
        }
        if (lastId > 0) {
            PreparedStatement link = db.statement(StoreSql.OUTBOX_LINK_TURN);
            link.setLong(1, turnId);
            link.setLong(2, lastId);
            link.executeUpdate();
        } else {
            delivered(turnId);
        }
    }

    private void insert(String channel, OutgoingMessage part) throws SQLException {
        PreparedStatement insert = db.statement(StoreSql.OUTBOX_ADD);
        insert.setString(1, channel);
        insert.setString(2, part.clientId());
        insert.setString(3, part.inReplyTo() == null ? null : part.inReplyTo().id());
        insert.setLong(4, clock.millis());
        insert.setString(5, MessageJson.write(part));
        insert.executeUpdate();
    }

    @Override
    public void attempted(String channel, String clientId) {
        fencing.write(db, channel, "note a send attempt", () -> {
            PreparedStatement attempted = db.statement(StoreSql.OUTBOX_ATTEMPTED);
            attempted.setString(1, channel);
            attempted.setString(2, clientId);
            return attempted.executeUpdate();
        });
    }

    @Override
    public void sent(String channel, String clientId) {
        fencing.transaction(db, channel, "note a reply sent", () -> {
            long turnId = remove(channel, clientId);
            if (turnId > 0) {
                delivered(turnId);
            }
            return null;
        });
    }

    @Override
    public long givenUp(String channel, String clientId) {
        return fencing.write(db, channel, "give up a reply", () -> remove(channel, clientId));
    }

    private long remove(String channel, String clientId) throws SQLException {
        PreparedStatement remove = db.statement(StoreSql.OUTBOX_REMOVE);
        remove.setString(1, channel);
        remove.setString(2, clientId);
        try (ResultSet rows = remove.executeQuery()) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }

    private void delivered(long turnId) throws SQLException {
        PreparedStatement delivered = db.statement(StoreSql.TURN_DELIVERED);
        delivered.setLong(1, turnId);
        delivered.executeUpdate();
    }

    @Override
    public List<Waiting> waiting(String channel) {
        return db.call("read the replies waiting to be sent", () -> {
            PreparedStatement read = db.statement(StoreSql.OUTBOX_WAITING);
            read.setString(1, channel);
            List<Waiting> waiting = new ArrayList<>();
            try (ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    try {
                        waiting.add(new Waiting(MessageJson.readOutgoing(rows.getString(1)), Instant.ofEpochMilli(rows.getLong(2)),
                                rows.getInt(3) > 0));
                    } catch (JsonProcessingException | RuntimeException e) {
                        log.warn("⚠️ Skipped a reply waiting to be sent: it cannot be read ({})", e.getMessage());
                    }
                }
            }
            return waiting;
        });
    }
}
