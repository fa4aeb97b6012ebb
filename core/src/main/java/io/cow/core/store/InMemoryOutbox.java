package io.cow.core.store;

import io.cow.core.message.IncomingMessage;
import io.cow.core.message.OutgoingMessage;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An outbox in memory, for tests and for running without a database. Lost at restart. */
public final class InMemoryOutbox implements Outbox {

    private final Clock clock;
    /** By channel and client id: a client id is unique within its channel instance only. */
    private final Map<String, Row> rows = new LinkedHashMap<>();

    public InMemoryOutbox(Clock clock) {
        this.clock = clock;
    }

    private static final class Row {
        final String channel;
        final Waiting waiting;
        boolean attempted;
        long turnId;

        Row(String channel, Waiting waiting) {
            this.channel = channel;
            this.waiting = waiting;
        }
    }

    @Override
    public synchronized void add(String channel, OutgoingMessage part) {
        rows.put(key(channel, part.clientId()), new Row(channel, new Waiting(part, clock.instant(), false)));
    }

    @Override
    public synchronized List<OutgoingMessage> finish(String channel, IncomingMessage inReplyTo, List<OutgoingMessage> parts, long turnId) {
        parts.forEach(p -> add(channel, p));
        Row last = null;
        for (Row row : rows.values()) {
            OutgoingMessage part = row.waiting.part();
            if (row.channel.equals(channel) && part.inReplyTo() != null && part.inReplyTo().id().equals(inReplyTo.id())) {
                last = row;
            }
        }
        if (last != null) {
            last.turnId = turnId;
        }
        return List.copyOf(parts);
    }

    @Override
    public synchronized void attempted(String channel, String clientId) {
        Row row = rows.get(key(channel, clientId));
        if (row != null) {
            row.attempted = true;
        }
    }

    @Override
    public synchronized void sent(String channel, String clientId) {
        rows.remove(key(channel, clientId));
    }

    @Override
    public synchronized long givenUp(String channel, String clientId) {
        Row row = rows.remove(key(channel, clientId));
        return row == null ? 0 : row.turnId;
    }

    private static String key(String channel, String clientId) {
        return channel + '\n' + clientId;
    }

    @Override
    public synchronized List<Waiting> waiting(String channel) {
        List<Waiting> out = new ArrayList<>();
        for (Row row : rows.values()) {
            if (row.channel.equals(channel)) {
                out.add(new Waiting(row.waiting.part(), row.waiting.queuedAt(), row.attempted));
            }
        }
        return out;
    }
}
