package io.cow.app;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Options every command takes, before or after its name ({@code cow --data D run} and {@code cow run --data D} are
 * the same): picocli's inherited options, declared once on {@link Main}, whose fields they set wherever they are given.
 */
public final class CommonOptions {

    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "config file (default: COW_CONFIG, else ./config.yaml when it exists)")
    Path config;

    @Option(names = "--data", paramLabel = "DIR", scope = ScopeType.INHERIT, description = "data folder (default: dataDir, COW_DATA_DIR, else ./data)")
    Path data;

    /** Settings given on the command line, by key. */
    Map<String, Object> overrides() {
        Map<String, Object> overrides = new HashMap<>();
        if (data != null) {
            overrides.put("dataDir", data.toString());
        }
        return overrides;
    }

    Startup load() {
        return load(Map.of());
    }

    /** Loads the configuration with these values set as if by command-line options (a command's own options). */
    Startup load(Map<String, Object> commandOverrides) {
        Map<String, Object> all = overrides();
        all.putAll(commandOverrides);
        return Startup.load(config, System.getenv(), all);
    }
}
