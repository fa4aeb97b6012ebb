package io.cow.core.store;

import io.cow.core.message.IncomingMessage;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An inbox in memory, for tests and for running without a database: the most recent ids, up to a bound. Lost at restart. */
public final class InMemoryInbox implements Inbox {

    private final Clock clock;
    private final Map<String, Entry> entries;
    private final Map<String, Instant> heard = new HashMap<>();

    public InMemoryInbox(int capacity, Clock clock) {
        this.clock = clock;
        this.entries = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public synchronized List<IncomingMessage> takeIn(List<IncomingMessage> messages) {
        List<IncomingMessage> fresh = new ArrayList<>(messages.size());
        for (IncomingMessage message : messages) {
            if (entries.putIfAbsent(key(message), new Entry(message, clock.instant())) == null) {
                fresh.add(message);
            }
        }
        return fresh;
    }

    @Override
    public synchronized void done(IncomingMessage message) {
        Entry entry = entries.get(key(message));
        if (entry != null) {
            entry.done = true;
        }
    }

    @Override
    public synchronized List<Waiting> unhandled(String channel) {
        List<Waiting> waiting = new ArrayList<>();
        for (Entry entry : entries.values()) {
            if (!entry.done && entry.message.channel().equals(channel)) {
                entry.attempts++;
                waiting.add(new Waiting(entry.message, entry.receivedAt, entry.attempts));
            }
        }
        return waiting;
    }

    @Override
    public synchronized void heard(String channel, Instant at) {
        heard.put(channel, at);
    }

    @Override
    public synchronized Optional<Instant> lastHeard(String channel) {
        return Optional.ofNullable(heard.get(channel));
    }

    private static String key(IncomingMessage message) {
        return message.channel() + '\u0000' + message.id();
    }

    private static final class Entry {
        final IncomingMessage message;
        final Instant receivedAt;
        boolean done;
        int attempts;

        Entry(IncomingMessage message, Instant receivedAt) {
            this.message = message;
            this.receivedAt = receivedAt;
        }
    }
}
