package io.cow.app.config;

import io.cow.app.channels.InstanceConfig;
import io.cow.core.config.Settings;
import io.cow.core.net.Proxies;

import java.io.PrintStream;
import java.util.List;

/** Prints the effective configuration for {@code cow check-config}, secrets redacted; the verdict is the command's. */
public final class ConfigReport {

    private ConfigReport() {
    }

    public static void print(Settings settings, ConfigLoader.Loaded loaded, List<String> warnings, PrintStream out) {
        print(settings, loaded, warnings, List.of(), out);
    }

    /**
     * Prints the settings, then what each channel instance of a {@code channels:} list sets for itself.
     *
     * @param instances the channel instances with the settings each sees
     */
    public static void print(Settings settings, ConfigLoader.Loaded loaded, List<String> warnings, List<InstanceConfig> instances,
                             PrintStream out) {
        out.println("Config file: " + (loaded.file() == null ? "(none; using defaults and environment variables)" : loaded.file().toAbsolutePath()));
        out.println();
        int width = settings.all().stream().mapToInt(v -> v.setting().key().length()).max().orElse(10);
        for (Settings.Value<?> value : settings.all()) {
            out.printf("  %-" + width + "s = %s   [%s]%n", value.setting().key(), oneLine(value.display()), sourceOf(value));
        }
        if (!settings.get(AppSettings.CHANNELS).isEmpty()) {
            out.println();
            out.println("Channel instances (each with the settings above, and its own below):");
            for (InstanceConfig instance : instances) {
                out.println("  " + instance.name() + " (" + instance.type() + ")");
                String own = "channels[" + instance.name() + "]";
                for (Settings.Value<?> value : instance.settings().all()) {
                    if (value.origin().startsWith(own)) {
                        out.printf("    %-" + width + "s = %s%n", value.setting().key(), oneLine(value.display()));
                    }
                }
            }
        }
        out.println();
        out.println("Proxy (passwords redacted):");
        Proxies.from(settings).describe().forEach(line -> out.println("  " + line));
        if (!warnings.isEmpty()) {
            out.println();
            warnings.forEach(w -> out.println("Warning: " + w));
        }
    }

    /** Where a value came from, in words: default, config file, the environment variable's name, command line. */
    public static String sourceOf(Settings.Value<?> value) {
        return switch (value.source()) {
            case DEFAULT -> "default";
            case FILE -> "config file";
            case ENV -> value.origin();
            case COMMAND_LINE -> "command line";
        };
    }

    private static String oneLine(String text) {
        String flat = text.replace("\n", "\\n");
        return flat.length() > 100 ? flat.substring(0, 100) + "…" : flat;
    }
}
