package io.cow.core.channel;

import io.cow.core.channel.kit.Pacing;
import io.cow.core.channel.kit.PartSources;
import io.cow.core.store.ChannelStateStore;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What a channel instance is given to work with, besides its configuration.
 *
 * <p>The instance name is the channel's identity everywhere: {@link Channel#name()} returns it, every
 * {@code IncomingMessage} carries it as its channel, and the channel keeps its state under it in
 * {@link #state()}. Two instances of one type (two web accounts) differ only by it. With the single-channel
 * shorthand ({@code channel: web}) the instance is named after its type, as before several channels existed,
 * so a data folder from then keeps its login, conversations and usage.
 *
 * @param name    the instance's name
 * @param dataDir the data folder; files a channel keeps there go under its instance name (such as
 *                {@code media/<name>/})
 * @param state   where the channel keeps its login state across restarts, under {@link #name()}
 * @param clock   the clock to use
 * @param outbox  where the channel's send queue keeps its parts: the bot's durable outbox, so that replies queued
 *                when the bot stops are sent after the restart
 * @param governor puts the account-safety governor in front of a channel's own {@link Pacing}: channels on
 *                 unofficial transports (web, wechaty) pace their sends with {@code governor.apply(theirOwn)}
 */
public record ChannelContext(String name, Path dataDir, ChannelStateStore state, Clock clock, PartSources outbox,
                             UnaryOperator<Pacing> governor) {

    public ChannelContext {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(outbox, "outbox");
        Objects.requireNonNull(governor, "governor");
    }

    /** A context without a governor: the channel paces its sends as it does alone. */
    public ChannelContext(String name, Path dataDir, ChannelStateStore state, Clock clock, PartSources outbox) {
        this(name, dataDir, state, clock, outbox, UnaryOperator.identity());
    }

    /** A context whose send queue keeps its parts in memory only (tests and tools). */
    public ChannelContext(String name, Path dataDir, ChannelStateStore state, Clock clock) {
        this(name, dataDir, state, clock, PartSources.IN_MEMORY);
    }
}
