package io.cow.app.console;

import io.cow.app.monitor.ModelWatch;
import io.cow.core.config.CoreSettings;
import io.cow.core.login.LoginState;
import io.cow.core.pipeline.Outcome;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The bot at a glance: uptime, channels, model, what became of the messages, model latency, waiting, memory. */
final class OverviewPage {

    private final ConsoleSources sources;

    OverviewPage(ConsoleSources sources) {
        this.sources = sources;
    }

    void routes(RoutesConfig routes) {
        routes.get("/api/overview", this::overview);
    }

    private void overview(Context ctx) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", sources.version());
        out.put("uptimeSeconds", Duration.between(sources.startedAt(), sources.clock().instant()).toSeconds());
        out.put("model", sources.settings().get(CoreSettings.MODEL_NAME));
        List<Map<String, Object>> channels = new ArrayList<>();
        for (LoginState login : sources.logins().all()) {
            channels.add(QrPage.describe(login));
        }
        out.put("channels", channels);
        out.put("lastHour", messages(Duration.ofHours(1)));
        out.put("lastDay", messages(Duration.ofDays(1)));
        ModelWatch.Figures hour = sources.model().figures(Duration.ofHours(1));
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("calls", hour.calls());
        model.put("failures", hour.failures());
        model.put("errorRate", hour.calls() == 0 ? 0 : (double) hour.failures() / hour.calls());
        model.put("p50Millis", hour.p50Millis());
        model.put("p95Millis", hour.p95Millis());
        model.put("firstTokenP50Millis", hour.firstPieceP50Millis());
        model.put("firstTokenP95Millis", hour.firstPieceP95Millis());
        out.put("modelLastHour", model);
        out.put("waiting", sources.pending().getAsInt());
        Runtime runtime = Runtime.getRuntime();
        out.put("heapUsedBytes", runtime.totalMemory() - runtime.freeMemory());
        out.put("heapMaxBytes", runtime.maxMemory());
        out.put("residentBytes", residentBytes());
        out.put("heartbeatAgeSeconds", heartbeatAge());
        Web.json(ctx, out);
    }

    private Map<String, Object> messages(Duration window) {
        Map<Outcome, Long> counts = sources.activity().counts(window);
        long received = counts.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Long> skipped = new LinkedHashMap<>();
        counts.forEach((outcome, n) -> {
            if (outcome != Outcome.ANSWERED && n > 0) {
                skipped.put(outcome.name(), n);
            }
        });
        return Map.of("received", received, "answered", counts.get(Outcome.ANSWERED), "skipped", skipped);
    }

    /** The process's resident memory from /proc (Linux); -1 elsewhere. */
    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Seconds since the heartbeat file was written, or -1 without one. */
    private long heartbeatAge() {
        Path file = sources.dataDir().resolve("heartbeat");
        try {
            return Duration.between(Files.getLastModifiedTime(file).toInstant(), sources.clock().instant()).toSeconds();
        } catch (IOException e) {
            return -1;
        }
    }
}
