package io.cow.app.store;

import io.cow.core.config.CoreSettings;
import io.cow.core.config.Settings;

import java.time.Duration;

/**
 * How the store keeps its data.
 *
 * @param seenMessagesMaxAge the ids of messages taken in are forgotten after this long
 */
public record StoreOptions(Duration seenMessagesMaxAge) {

    public static StoreOptions from(Settings settings) {
        return new StoreOptions(settings.get(CoreSettings.STORE_SEEN_MESSAGES_MAX_AGE));
    }

    public static StoreOptions defaults() {
        return new StoreOptions(CoreSettings.STORE_SEEN_MESSAGES_MAX_AGE.defaultValue());
    }
}
