package io.cow.core.plugin;

import io.cow.core.config.Setting;
import io.cow.core.config.Settings;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/** Finds plugins on the class path and puts them in running order. */
public final class Plugins {

    private Plugins() {
    }

    /** Every plugin the class path offers, built-in ones included, in running order. */
    public static List<Plugin> discover() {
        List<Plugin> found = new ArrayList<>();
        ServiceLoader.load(Plugin.class).forEach(found::add);
        found.sort(Comparator.comparingInt(Plugin::order).thenComparing(Plugin::name));
        return found;
    }

    /** The settings all these plugins declare. */
    public static List<Setting<?>> settingsOf(List<Plugin> plugins) {
        List<Setting<?>> settings = new ArrayList<>();
        plugins.forEach(p -> settings.addAll(p.settings()));
        return settings;
    }

    /** The plugins not disabled by name, each initialised with the settings. */
    public static List<Plugin> enabled(List<Plugin> plugins, List<String> disabled, Settings settings) {
        List<Plugin> enabled = new ArrayList<>();
        for (Plugin plugin : plugins) {
            if (!disabled.contains(plugin.name())) {
                plugin.init(settings);
                enabled.add(plugin);
            }
        }
        return enabled;
    }
}
