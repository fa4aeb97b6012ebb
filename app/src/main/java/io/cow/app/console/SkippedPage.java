package io.cow.app.console;

import io.cow.app.monitor.Activity;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The latest messages that got no answer from the model, each with its reason. */
final class SkippedPage {

    private final ConsoleSources sources;

    SkippedPage(ConsoleSources sources) {
        this.sources = sources;
    }

    void routes(RoutesConfig routes) {
        routes.get("/api/skipped", this::skipped);
    }

    private void skipped(Context ctx) {
        int limit = Math.max(1, Math.min(500, ctx.queryParamAsClass("limit", Integer.class).getOrDefault(200)));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Activity.Skipped skip : sources.activity().skipped(limit)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("at", skip.at().toEpochMilli());
            row.put("channel", skip.channel());
            row.put("chatKey", skip.chatKey());
            row.put("chat", skip.chat());
            row.put("group", skip.group());
            row.put("sender", skip.sender());
            row.put("text", skip.text());
            row.put("outcome", skip.outcome().name());
            row.put("reason", skip.reason());
            out.add(row);
        }
        Web.json(ctx, Map.of("skipped", out));
    }
}
