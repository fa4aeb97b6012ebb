package io.cow.core.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Chat settings in memory, for tests. */
public final class InMemoryChatSettingsStore implements ChatSettingsStore {

    private final Map<String, Map<String, String>> byChat = new ConcurrentHashMap<>();

    @Override
    public Map<String, String> get(String channel, String chatKey) {
        return Map.copyOf(byChat.getOrDefault(channel + '/' + chatKey, Map.of()));
    }

    @Override
    public void put(String channel, String chatKey, String name, String value) {
        byChat.computeIfAbsent(channel + '/' + chatKey, k -> new ConcurrentHashMap<>()).put(name, value);
    }

    @Override
    public void remove(String channel, String chatKey, String name) {
        Map<String, String> settings = byChat.get(channel + '/' + chatKey);
        if (settings != null) {
            settings.remove(name);
        }
    }
}
