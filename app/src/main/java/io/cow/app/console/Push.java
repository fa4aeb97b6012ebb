package io.cow.app.console;

import io.cow.core.channel.kit.DaemonThreads;
import io.javalin.http.sse.SseClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Sends server-sent events on one thread of its own: events come from the bot's threads (a log line, a new QR code),
 * which must never wait for a slow browser. When too many events wait, new ones are dropped; the page reloads what
 * it shows when its stream reconnects.
 */
final class Push implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Push.class);

    private final ThreadPoolExecutor sender = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(2_000), DaemonThreads.single("console-push"));

    Push() {
        sender.allowCoreThreadTimeOut(true);
    }

    void send(SseClient client, String event, String data) {
        try {
            sender.execute(() -> {
                if (!client.terminated()) {
                    client.sendEvent(event, data);
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("Console event dropped: too many waiting");
        }
    }

    @Override
    public void close() {
        sender.shutdownNow();
    }
}
