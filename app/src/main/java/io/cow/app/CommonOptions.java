package io.cow.app;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Options every command takes. */
public final class CommonOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "config file (default: COW_CONFIG, else ./config.yaml when it exists)")
    Path config;

    @Option(names = "--data", paramLabel = "DIR", description = "data folder (default: dataDir, COW_DATA_DIR, else ./data)")
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
        return Startup.load(config, System.getenv(), overrides());
    }
}
