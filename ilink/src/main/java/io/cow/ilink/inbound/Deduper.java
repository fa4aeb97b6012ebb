package io.cow.ilink.inbound;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recognises messages delivered twice: the same {@code message_id}, the same {@code seq} between the same
 * user and bot (a new login starts counting again), or an item {@code msg_id} seen before (the server sometimes repeats a text under a new message id).
 * Remembers a bounded number of recent keys.
 */
public final class Deduper {

    private final int capacity;
    private final Map<String, Boolean> seen;

    public Deduper(int capacity) {
        this.capacity = capacity;
        this.seen = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > Deduper.this.capacity;
            }
        };
    }

    /** True when the message was seen before; otherwise remembers it and returns false. */
    public synchronized boolean seenBefore(InboundMessage message) {
        List<String> keys = keys(message);
        boolean duplicate = keys.stream().anyMatch(seen::containsKey);
        keys.forEach(k -> seen.put(k, Boolean.TRUE));
        return duplicate;
    }

    private static List<String> keys(InboundMessage message) {
        List<String> keys = new ArrayList<>();
        if (!message.messageId().isEmpty()) {
            keys.add("m:" + message.messageId());
        }
        if (!message.seq().isEmpty()) {
            keys.add("s:" + message.toUser() + ":" + message.fromUser() + ":" + message.seq());
        }
        for (InboundItem item : message.items()) {
            if (!item.msgId().isEmpty()) {
                keys.add("i:" + item.msgId());
            }
        }
        return keys;
    }
}
