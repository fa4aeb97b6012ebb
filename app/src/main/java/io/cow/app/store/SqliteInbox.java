package io.cow.app.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cow.core.message.IncomingMessage;
import io.cow.core.store.Inbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The inbox in the database. A batch is committed in one transaction before {@link #takeIn} returns; a handled
 * message keeps its row without its text, so its id still dedupes, until it is older than the maximum age. Rows
 * are pruned at start and every {@value #PRUNE_EVERY} new messages.
 */
final class SqliteInbox implements Inbox {

    private static final Logger log = LoggerFactory.getLogger(SqliteInbox.class);
    static final int PRUNE_EVERY = 1_000;
    /** The channel state key under which the inbox notes when a channel last listened. */
    static final String HEARD_KEY = "inbox.heard";

    private final Database db;
    private final Fencing fencing;
    private final Clock clock;
    private final Duration maxAge;
    private final AtomicInteger sincePrune = new AtomicInteger();

    SqliteInbox(Database db, Clock clock, Duration maxAge, Fencing fencing) {
        this.db = db;
        this.fencing = fencing;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    @Override
    public List<IncomingMessage> takeIn(List<IncomingMessage> messages) {
        if (messages.isEmpty()) {
            return List.of();
        }
        long now = clock.millis();
        messages.stream().map(IncomingMessage::channel).distinct().forEach(fencing::requireToken);
        List<IncomingMessage> fresh = db.transaction("store " + messages.size() + " incoming message(s)", () -> {
            for (String channel : messages.stream().map(IncomingMessage::channel).distinct().toList()) {
                fencing.check(db, channel);
            }
            PreparedStatement insert = db.statement(StoreSql.TAKE_IN);
            List<IncomingMessage> added = new ArrayList<>(messages.size());
            for (IncomingMessage m : messages) {
                insert.setString(1, m.channel());
                insert.setString(2, m.id());
                insert.setLong(3, now);
                insert.setString(4, MessageJson.write(m));
                if (insert.executeUpdate() == 1) {
                    added.add(m);
                }
            }
            return added;
        });
        if (sincePrune.addAndGet(fresh.size()) >= PRUNE_EVERY) {
            sincePrune.set(0);
            prune();
        }
        return fresh;
    }

    @Override
    public void done(IncomingMessage message) {
        db.call("record that a message was answered", () -> {
            PreparedStatement done = db.statement(StoreSql.INBOX_DONE);
            done.setString(1, message.channel());
            done.setString(2, message.id());
            return done.executeUpdate();
        });
    }

    @Override
    public List<Waiting> unhandled(String channel) {
        return db.transaction("read the messages waiting for an answer", () -> {
            PreparedStatement cutShort = db.statement(StoreSql.INBOX_CUT_SHORT);
            cutShort.setString(1, channel);
            int answering = cutShort.executeUpdate();
            if (answering > 0) {
                log.warn("⚠️ {}: {} answer(s) were cut short by the stop; what was queued of them is sent, they are not asked again",
                        channel, answering);
            }
            PreparedStatement count = db.statement(StoreSql.INBOX_COUNT_ATTEMPT);
            count.setString(1, channel);
            count.executeUpdate();
            PreparedStatement read = db.statement(StoreSql.INBOX_WAITING);
            read.setString(1, channel);
            List<Waiting> waiting = new ArrayList<>();
            try (ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    String id = rows.getString(1);
                    try {
                        waiting.add(new Waiting(MessageJson.read(channel, id, rows.getString(4)),
                                Instant.ofEpochMilli(rows.getLong(2)), rows.getInt(3)));
                    } catch (JsonProcessingException | RuntimeException e) {
                        log.warn("⚠️ Skipped waiting message {}: it cannot be read ({})", id, e.getMessage());
                    }
                }
            }
            return waiting;
        });
    }

    @Override
    public void heard(String channel, Instant at) {
        fencing.write(db, channel, "note that channel " + channel + " listens", () -> {
            PreparedStatement put = db.statement(StoreSql.PUT_STATE);
            put.setString(1, channel);
            put.setString(2, HEARD_KEY);
            put.setString(3, Long.toString(at.toEpochMilli()));
            put.setLong(4, clock.millis());
            return put.executeUpdate();
        });
    }

    @Override
    public Optional<Instant> lastHeard(String channel) {
        return db.call("read when channel " + channel + " listened", () -> {
            PreparedStatement read = db.statement(StoreSql.GET_STATE);
            read.setString(1, channel);
            read.setString(2, HEARD_KEY);
            try (ResultSet rows = read.executeQuery()) {
                if (!rows.next()) {
                    return Optional.<Instant>empty();
                }
                try {
                    return Optional.of(Instant.ofEpochMilli(Long.parseLong(rows.getString(1))));
                } catch (NumberFormatException e) {
                    return Optional.<Instant>empty();
                }
            }
        });
    }

    /** Forgets handled messages older than the maximum age; returns how many. */
    int prune() {
        return db.call("forget old message ids", () -> {
            PreparedStatement delete = db.statement(StoreSql.INBOX_PRUNE);
            delete.setLong(1, clock.millis() - maxAge.toMillis());
            return delete.executeUpdate();
        });
    }
}
