package io.cow.core.channel;

import java.util.Objects;

/**
 * A channel type with its validated configuration: everything needed to create the channel.
 *
 * @param provider the channel type
 * @param config   what {@link ChannelProvider#configure} returned
 * @param <C>      the configuration's type
 */
public record ConfiguredChannel<C>(ChannelProvider<C> provider, C config) {

    public ConfiguredChannel {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(config, "config");
    }

    /** Builds the channel; nothing runs until {@link Channel#start}. */
    public Channel create(ChannelContext context) {
        return provider.create(config, context);
    }
}
