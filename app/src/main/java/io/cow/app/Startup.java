package io.cow.app;

import io.cow.app.alerts.AlertSettings;
import io.cow.app.cluster.ClusterSettings;
import io.cow.app.store.StoreSettings;
import io.cow.app.channels.ChannelInstances;
import io.cow.app.channels.InstanceConfig;
import io.cow.app.config.AppSettings;
import io.cow.app.chat.ChatRuleSettings;
import io.cow.core.control.ControlSettings;
import io.cow.app.config.ConfigLoader;
import io.cow.app.model.ModelConfig;
import io.cow.app.model.ModelSettings;
import io.cow.app.console.ConsoleSettings;
import io.cow.core.channel.ChannelProvider;
import io.cow.core.config.ConfigException;
import io.cow.core.config.CoreSettings;
import io.cow.core.config.Setting;
import io.cow.core.config.Settings;
import io.cow.core.net.Proxies;
import io.cow.core.net.ProxySettings;
import io.cow.core.plugin.Plugin;
import io.cow.core.plugin.Plugins;
import io.cow.core.secret.Secrets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Everything the commands share before they do their own work: the channels and plugins on the class
 * path, and the configuration read, validated and with its secrets registered for redaction.
 *
 * @param settings  the validated settings
 * @param loaded    where they came from
 * @param providers the channel types this build has
 * @param plugins   the plugins found, not yet filtered or initialised
 * @param channel   the {@code channel} setting
 */
public record Startup(Settings settings, ConfigLoader.Loaded loaded, List<ChannelProvider<?>> providers,
                      List<Plugin> plugins, Setting<String> channel) {

    /**
     * What {@link #configure()} found: everything {@code run} needs checked before it starts anything.
     *
     * @param instances the channel instances to run
     */
    public record Configured(List<InstanceConfig> instances) {
    }

    /** Reads the configuration; fails with a {@link ConfigException} that names every wrong key. */
    public static Startup load(Path configFile, Map<String, String> env, Map<String, Object> overrides) {
        List<ChannelProvider<?>> providers = new ArrayList<>();
        ServiceLoader.load(ChannelProvider.class).forEach(providers::add);
        providers.sort((a, b) -> a.type().compareTo(b.type()));
        List<Plugin> plugins = Plugins.discover();
        Setting<String> channel = AppSettings.channel(providers);

        List<Setting<?>> known = new ArrayList<>(CoreSettings.all());
        known.addAll(ModelSettings.all());
        known.add(ChatRuleSettings.CHATS);
        known.add(channel);
        known.add(AppSettings.CHANNELS);
        known.addAll(AlertSettings.all());
        known.addAll(ControlSettings.all());
        known.addAll(StoreSettings.all());
        known.addAll(ClusterSettings.all());
        known.addAll(ProxySettings.all());
        providers.forEach(p -> known.addAll(p.settings()));
        known.addAll(Plugins.settingsOf(plugins));
        known.addAll(ConsoleSettings.all());
        known.addAll(io.cow.core.media.MediaSettings.all());

        ConfigLoader.Loaded loaded = ConfigLoader.load(configFile, env, overrides, known);
        Settings settings = loaded.result().settings();
        for (Settings.Value<?> value : settings.all()) {
            registerSecret(value);
        }
        if (settings.has(ModelSettings.MODELS)) {
            ModelSettings.apiKeys(settings).forEach(Secrets::register);
        }
        Proxies.from(settings).passwords().forEach(Secrets::register);
        return new Startup(settings, loaded, providers, plugins, channel);
    }

    /**
     * Makes every check of the configuration that {@code run} makes before it starts: {@code check-config} calls
     * exactly this, so the two never disagree. Collects the problems of every part before failing.
     *
     * @throws ConfigException naming every wrong key
     */
    public Configured configure() {
        List<String> problems = new ArrayList<>();
        List<InstanceConfig> instances = List.of();
        try {
            requireApiKey();
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        try {
            instances = ChannelInstances.configure(settings, channel, providers, fileName());
            checkOwnerChannel(instances);
            instances.forEach(Startup::registerSecrets);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        try {
            checkDataDir();
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        try {
            ClusterSettings.check(settings, dataDir());
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new Configured(instances);
    }

    private void checkOwnerChannel(List<InstanceConfig> instances) {
        String owner = settings.get(AlertSettings.OWNER_CHANNEL).strip();
        if (!owner.isEmpty() && instances.stream().noneMatch(i -> i.name().equals(owner))) {
            throw new ConfigException("config key '" + AlertSettings.OWNER_CHANNEL.key() + "': '" + owner
                    + "' is not a channel instance; use one of: " + String.join(", ", instances.stream().map(InstanceConfig::name).toList()));
        }
    }

    /** An instance's own keys may hold secrets (a wechaty token): they are kept out of logs like the shared ones. */
    private static void registerSecrets(InstanceConfig instance) {
        for (Settings.Value<?> value : instance.settings().all()) {
            registerSecret(value);
        }
    }

    /** A secret value, kept out of logs; a list of webhooks by their URLs, which hold the robots' tokens. */
    private static void registerSecret(Settings.Value<?> value) {
        if (!value.setting().secret() || value.value() == null) {
            return;
        }
        if (value.value() instanceof List<?> list) {
            list.forEach(item -> Secrets.register(item instanceof AlertSettings.Webhook hook ? hook.url() : String.valueOf(item)));
        } else {
            Secrets.register(String.valueOf(value.value()));
        }
    }

    private String fileName() {
        return loaded.file() == null ? "(no config file)" : loaded.file().toString();
    }

    /** Fails unless every model profile in use is complete (an API key, for one), saying what is missing. */
    public void requireApiKey() {
        models();
    }

    /** The model profiles, checked: each profile that chats, fallbacks and summaries name exists and can be asked. */
    public ModelConfig models() {
        Map<String, Set<String>> named = new LinkedHashMap<>();
        named.put(ChatRuleSettings.CHATS.key(), ChatRuleSettings.profilesNamed(settings.get(ChatRuleSettings.CHATS)));
        String summaries = settings.get(CoreSettings.MEMORY_SUMMARY_PROFILE);
        named.put(CoreSettings.MEMORY_SUMMARY_PROFILE.key(), summaries.isBlank() ? Set.of() : Set.of(summaries));
        String overQuota = settings.get(ControlSettings.QUOTA_FALLBACK_PROFILE).strip();
        named.put(ControlSettings.QUOTA_FALLBACK_PROFILE.key(), overQuota.isEmpty() ? Set.of() : Set.of(overQuota));
        for (Setting<String> media : List.of(io.cow.core.media.MediaSettings.VISION_PROFILE, io.cow.core.media.MediaSettings.VOICE_PROFILE,
                io.cow.core.media.MediaSettings.DRAW_PROFILE)) {
            String profile = settings.get(media).strip();
            named.put(media.key(), profile.isEmpty() ? Set.of() : Set.of(profile));
        }
        return ModelConfig.from(settings, named);
    }

    /**
     * The data folder, created if missing: readable by its owner only, since it holds the login and the conversations.
     * A folder that exists keeps its permissions (its owner chose them).
     */
    public Path dataDir() {
        Path dir = checkDataDir();
        try {
            if (!Files.isDirectory(dir)) {
                createPrivately(dir);
            }
        } catch (IOException e) {
            throw new ConfigException("config key 'dataDir': cannot create the data folder " + dir.toAbsolutePath()
                    + " (" + e.getMessage() + "); choose a writable folder with dataDir, COW_DATA_DIR or --data");
        }
        return dir;
    }

    private static void createPrivately(Path dir) throws IOException {
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): the user profile's ACLs apply.
            Files.createDirectories(dir);
        }
    }

    /** Checks that the data folder exists and is writable, or can be created, without creating it. */
    private Path checkDataDir() {
        Path dir = Path.of(settings.get(CoreSettings.DATA_DIR));
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            throw new ConfigException("config key 'dataDir': cannot create the data folder " + dir.toAbsolutePath()
                    + (existing == null ? "" : " (" + existing + " is not a folder)")
                    + "; choose a writable folder with dataDir, COW_DATA_DIR or --data");
        }
        if (!Files.isWritable(existing)) {
            throw new ConfigException("config key 'dataDir': the data folder " + dir.toAbsolutePath()
                    + (existing.equals(dir.toAbsolutePath()) ? "" : " cannot be created in " + existing + ", which")
                    + " is not writable; choose another with dataDir, COW_DATA_DIR or --data");
        }
        return dir;
    }

    /** What is worth a warning: keys nothing reads, proxies that cannot be used. */
    public List<String> warnings() {
        List<String> warnings = new ArrayList<>(loaded.result().warnings());
        warnings.addAll(proxies().warnings());
        return warnings;
    }

    /** The proxies every outbound connection takes, as the settings and the environment ask. */
    public Proxies proxies() {
        return Proxies.from(settings);
    }

    /** The provider of a channel type. */
    public ChannelProvider<?> provider(String type) {
        return providers.stream().filter(p -> p.type().equals(type)).findFirst()
                .orElseThrow(() -> new ConfigException("config key 'channel': '" + type + "' is not a channel of this build"));
    }
}
