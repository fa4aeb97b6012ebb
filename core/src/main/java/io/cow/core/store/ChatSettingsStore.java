package io.cow.core.store;

import java.util.Map;

/**
 * Settings of single chats that the owner changed at run time with commands ({@code #model}, {@code #persona}):
 * small named texts per chat, kept across restarts. Implementations are thread-safe.
 */
public interface ChatSettingsStore {

    /** The chat's settings by name; empty when it has none. */
    Map<String, String> get(String channel, String chatKey);

    void put(String channel, String chatKey, String name, String value);

    void remove(String channel, String chatKey, String name);
}
