package io.cow.core.store;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Channel state in memory, for tests and the terminal channel. */
public final class InMemoryChannelStateStore implements ChannelStateStore {

    private final Map<String, String> values = new ConcurrentHashMap<>();

    @Override
    public Optional<String> get(String channel, String key) {
        return Optional.ofNullable(values.get(channel + '/' + key));
    }

    @Override
    public void put(String channel, String key, String value) {
        values.put(channel + '/' + key, value);
    }

    @Override
    public void remove(String channel, String key) {
        values.remove(channel + '/' + key);
    }
}
