package io.cow.app.store;

import io.cow.core.config.CoreSettings;
import io.cow.core.config.Settings;

import java.time.Duration;

/**
 * How the store keeps its data.
 *
 * @param seenMessagesMaxAge the ids of messages taken in are forgotten after this long
 * @param poolSize           PostgreSQL: most connections open at once
 */
public record StoreOptions(Duration seenMessagesMaxAge, int poolSize) {

    public StoreOptions(Duration seenMessagesMaxAge) {
        this(seenMessagesMaxAge, StoreSettings.POOL_SIZE.defaultValue());
    }

    public static StoreOptions from(Settings settings) {
        return new StoreOptions(settings.get(CoreSettings.STORE_SEEN_MESSAGES_MAX_AGE), settings.get(StoreSettings.POOL_SIZE));
    }

    public static StoreOptions defaults() {
        return new StoreOptions(CoreSettings.STORE_SEEN_MESSAGES_MAX_AGE.defaultValue());
    }
}
