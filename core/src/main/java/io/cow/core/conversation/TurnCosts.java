package io.cow.core.conversation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * The token counts of recently used turns, by turn id: a turn is stored once and sent with many questions,
 * and counting it again each time is most of what memory costs. Bounded; the least recently used go first.
 */
final class TurnCosts {

    private final Map<Long, Integer> costs;

    TurnCosts(int capacity) {
        this.costs = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Integer> eldest) {
                return size() > capacity;
            }
        };
    }

    int get(long turnId, IntSupplier count) {
        synchronized (costs) {
            Integer known = costs.get(turnId);
            if (known != null) {
                return known;
            }
        }
        int counted = count.getAsInt();
        synchronized (costs) {
            costs.put(turnId, counted);
        }
        return counted;
    }
}
