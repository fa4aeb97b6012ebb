package io.cow.app;

import io.cow.app.config.AppSettings;
import io.cow.app.config.ConfigLoader;
import io.cow.core.channel.ChannelProvider;
import io.cow.core.config.ConfigException;
import io.cow.core.config.CoreSettings;
import io.cow.core.config.Setting;
import io.cow.core.config.Settings;
import io.cow.core.plugin.Plugin;
import io.cow.core.plugin.Plugins;
import io.cow.core.secret.Secrets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Everything the commands share before they do their own work: the channels and plugins on the class
 * path, and the configuration read, validated and with its secrets registered for redaction.
 *
 * @param settings  the validated settings
 * @param loaded    where they came from
 * @param providers the channels this build has
 * @param plugins   the plugins found, not yet filtered or initialised
 * @param channel   the {@code channel} setting
 */
public record Startup(Settings settings, ConfigLoader.Loaded loaded, List<ChannelProvider> providers,
                      List<Plugin> plugins, Setting<String> channel) {

    /** Reads the configuration; fails with a {@link ConfigException} that names every wrong key. */
    public static Startup load(Path configFile, Map<String, String> env, Map<String, Object> overrides) {
        List<ChannelProvider> providers = new ArrayList<>();
        ServiceLoader.load(ChannelProvider.class).forEach(providers::add);
        providers.sort((a, b) -> a.name().compareTo(b.name()));
        List<Plugin> plugins = Plugins.discover();
        Setting<String> channel = AppSettings.channel(providers);

        List<Setting<?>> known = new ArrayList<>(CoreSettings.all());
        known.add(channel);
        providers.forEach(p -> known.addAll(p.settings()));
        known.addAll(Plugins.settingsOf(plugins));

        ConfigLoader.Loaded loaded = ConfigLoader.load(configFile, env, overrides, known);
        Settings settings = loaded.result().settings();
        for (Settings.Value<?> value : settings.all()) {
            if (value.setting().secret() && value.value() != null) {
                Secrets.register(String.valueOf(value.value()));
            }
        }
        return new Startup(settings, loaded, providers, plugins, channel);
    }

    /** Fails unless an API key is set, saying how to set one. */
    public void requireApiKey() {
        if (settings.get(CoreSettings.OPENAI_API_KEY).isBlank()) {
            throw new ConfigException("No API key for the model: set openaiApiKey in config.yaml or the environment variable "
                    + "OPENAI_API_KEY (for a local server that needs none, such as Ollama, any text will do)");
        }
    }

    /** The data folder, created if missing. */
    public Path dataDir() {
        Path dir = Path.of(settings.get(CoreSettings.DATA_DIR));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ConfigException("config key 'dataDir': cannot create the data folder " + dir.toAbsolutePath()
                    + " (" + e.getMessage() + "); choose a writable folder with dataDir, COW_DATA_DIR or --data");
        }
        if (!Files.isWritable(dir)) {
            throw new ConfigException("config key 'dataDir': the data folder " + dir.toAbsolutePath()
                    + " is not writable; choose another with dataDir, COW_DATA_DIR or --data");
        }
        return dir;
    }

    public List<String> warnings() {
        return loaded.result().warnings();
    }

    /** The provider of the configured channel. */
    public ChannelProvider channelProvider() {
        String name = settings.get(channel);
        return providers.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new ConfigException("config key 'channel': '" + name + "' is not a channel of this build"));
    }
}
