package io.cow.core.store;

import java.util.Optional;

/**
 * Where channels keep what lets them resume without a new QR scan (sessions, tokens, cursors). Values are
 * opaque text, usually JSON, and may be secret: implementations keep them readable by the owner only.
 */
public interface ChannelStateStore {

    Optional<String> get(String channel, String key);

    void put(String channel, String key, String value);

    void remove(String channel, String key);
}
