package io.cow.core.channel;

import io.cow.core.config.Setting;

import java.util.List;

/**
 * Creates a channel by name. Implementations are found with {@link java.util.ServiceLoader}, so that the
 * application picks channels up from whatever channel modules are on the class path.
 */
public interface ChannelProvider {

    /** The value of the {@code channel} setting that selects this channel. */
    String name();

    /** One line for help texts. */
    String description();

    /** The settings this channel reads, so they are validated, documented and printed with the rest. */
    List<Setting<?>> settings();

    Channel create(ChannelContext context);
}
