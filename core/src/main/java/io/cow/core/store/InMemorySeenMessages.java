package io.cow.core.store;

import java.util.LinkedHashMap;
import java.util.Map;

/** Seen message ids kept in memory: the most recent ones, up to a bound. Lost at restart. */
public final class InMemorySeenMessages implements SeenMessages {

    private final Map<String, Boolean> seen;

    public InMemorySeenMessages(int capacity) {
        this.seen = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public synchronized boolean firstTime(String channel, String messageId) {
        return seen.put(channel + '\u0000' + messageId, Boolean.TRUE) == null;
    }
}
