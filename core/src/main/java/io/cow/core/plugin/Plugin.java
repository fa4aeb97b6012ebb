package io.cow.core.plugin;

import io.cow.core.config.Setting;
import io.cow.core.config.Settings;

import java.util.List;
import java.util.Optional;

/**
 * A custom task handler (contract row 13): it sees every message that passed the noise filter, before the
 * model, and either answers it (the pipeline then stops) or passes.
 *
 * <p>Plugins are found with {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/io.cow.core.plugin.Plugin} of any jar on the class path. The class needs a
 * public no-argument constructor.
 */
public interface Plugin {

    /** A short name, used in logs and in the {@code plugins.disabled} setting. */
    String name();

    /** Plugins run in increasing order; ties run by name. */
    default int order() {
        return 100;
    }

    /** The settings this plugin reads, so that they are validated and documented with the rest. */
    default List<Setting<?>> settings() {
        return List.of();
    }

    /** Called once before the first message. */
    default void init(Settings settings) {
    }

    /**
     * @return the reply to send to the chat, which ends the pipeline for this message; or empty to pass
     */
    Optional<String> handle(PluginRequest request);
}
