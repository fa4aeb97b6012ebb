package io.cow.app.console;

import io.cow.app.config.ConfigReport;
import io.cow.core.config.Settings;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The effective configuration with where each value came from, secrets redacted: what check-config prints. */
final class ConfigPage {

    private final ConsoleSources sources;

    ConfigPage(ConsoleSources sources) {
        this.sources = sources;
    }

    void routes(RoutesConfig routes) {
        routes.get("/api/config", this::config);
    }

    private void config(Context ctx) {
        List<Map<String, Object>> values = new ArrayList<>();
        for (Settings.Value<?> value : sources.settings().all()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("key", value.setting().key());
            row.put("value", value.display());
            row.put("source", ConfigReport.sourceOf(value));
            row.put("secret", value.setting().secret());
            row.put("description", value.setting().description());
            values.add(row);
        }
        String file = sources.loaded() == null || sources.loaded().file() == null ? ""
                : sources.loaded().file().toAbsolutePath().toString();
        List<String> warnings = sources.loaded() == null ? List.of() : sources.loaded().result().warnings();
        Web.json(ctx, Map.of("file", file, "values", values, "warnings", warnings));
    }
}
