package io.cow.core.channel;

import io.cow.core.config.ConfigException;
import io.cow.core.config.Setting;
import io.cow.core.config.Settings;

import java.util.List;

/**
 * One type of channel (web, ilink, wechaty, terminal). Implementations are found with
 * {@link java.util.ServiceLoader}, so that the application picks channels up from whatever channel modules are
 * on the class path. Making a channel takes two steps, so that {@code check-config} and {@code run} check
 * exactly the same things: {@link #configure} reads and checks the settings (both commands call it), then
 * {@link #create} builds the channel from what it returned ({@code run} only).
 *
 * @param <C> the channel's typed, validated configuration
 */
public interface ChannelProvider<C> {

    /** The type, as written in {@code channel:} or in the {@code type:} of a {@code channels:} entry. */
    String type();

    /** One line for help texts. */
    String description();

    /**
     * The settings this channel reads, each key starting with {@code <type>.} (such as {@code web.endpoint}), so
     * they are validated, documented and printed with the rest. In a {@code channels:} entry they are written
     * without the prefix.
     */
    List<Setting<?>> settings();

    /**
     * Reads and checks this channel's settings. Pure: no I/O, nothing started.
     *
     * @param settings resolved settings that declare at least {@link #settings()}
     * @throws ConfigException naming every key that is wrong and what is allowed
     */
    C configure(Settings settings);

    /**
     * Builds a channel of this type; nothing runs until {@link Channel#start}. Every check of the settings
     * belongs in {@link #configure}: this must not fail because of the configuration.
     */
    Channel create(C config, ChannelContext context);

    /** Configures this type from the settings, binding the result to this provider. */
    default ConfiguredChannel<C> configured(Settings settings) {
        return new ConfiguredChannel<>(this, configure(settings));
    }
}
