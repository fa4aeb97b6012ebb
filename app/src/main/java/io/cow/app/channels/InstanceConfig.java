package io.cow.app.channels;

import io.cow.core.channel.ConfiguredChannel;
import io.cow.core.config.Settings;

import java.util.Objects;

/**
 * One channel instance as the configuration asks for it, validated: ready to be built.
 *
 * @param name     the instance's name, unique in the process
 * @param type     its channel type
 * @param channel  the type's provider with the instance's validated configuration
 * @param settings the settings as this instance sees them: the shared ones with its own on top
 */
public record InstanceConfig(String name, String type, ConfiguredChannel<?> channel, Settings settings) {

    public InstanceConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(settings, "settings");
    }
}
