package io.cow.core.channel;

import io.cow.core.config.Settings;
import io.cow.core.store.ChannelStateStore;

import java.nio.file.Path;
import java.time.Clock;

/**
 * What a channel is given to work with.
 *
 * @param settings the validated configuration
 * @param dataDir  the data folder; a channel may keep files there
 * @param state    where the channel keeps its login state across restarts
 * @param clock    the clock to use
 */
public record ChannelContext(Settings settings, Path dataDir, ChannelStateStore state, Clock clock) {
}
