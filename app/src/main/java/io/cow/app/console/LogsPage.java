package io.cow.app.console;

import io.cow.app.logging.LogTail;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;

import java.util.List;
import java.util.Map;

/** A live tail of the bot's log, redacted as the log itself is. */
final class LogsPage {

    private final LogTail tail;
    private final Push push;

    LogsPage(LogTail tail, Push push) {
        this.tail = tail;
        this.push = push;
    }

    void routes(RoutesConfig routes) {
        routes.get("/api/logs", this::recent);
        routes.sse("/api/logs/stream", this::stream);
    }

    private void recent(Context ctx) {
        Web.json(ctx, Map.of("lines", tail == null ? List.of() : tail.lines(500)));
    }

    private void stream(SseClient client) {
        client.keepAlive();
        if (tail == null) {
            return;
        }
        AutoCloseable watching = tail.watch(line -> push.send(client, "line", line));
        client.onClose(() -> close(watching));
    }

    static void close(AutoCloseable watching) {
        try {
            watching.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
