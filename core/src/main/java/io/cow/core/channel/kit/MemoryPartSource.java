package io.cow.core.channel.kit;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link PartSource#inMemory()}: a queue per lane, dropped when empty. */
final class MemoryPartSource<P> implements PartSource<P> {

    private final Map<String, ArrayDeque<P>> lanes = new HashMap<>();

    @Override
    public synchronized void add(String lane, P part) {
        lanes.computeIfAbsent(lane, l -> new ArrayDeque<>()).add(part);
    }

    @Override
    public synchronized Optional<P> first(String lane) {
        ArrayDeque<P> parts = lanes.get(lane);
        return parts == null ? Optional.empty() : Optional.ofNullable(parts.peek());
    }

    @Override
    public synchronized void finished(String lane, P part, Throwable failure) {
        ArrayDeque<P> parts = lanes.get(lane);
        if (parts != null && parts.remove(part) && parts.isEmpty()) {
            lanes.remove(lane);
        }
    }

    @Override
    public synchronized Collection<String> lanes() {
        return List.copyOf(lanes.keySet());
    }
}
