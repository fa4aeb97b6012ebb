package io.cow.wechaty;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Handles the service's events one after another, in the order they arrived, on one thread of their own, so
 * that the stream can go on receiving (and message payloads can be fetched ahead) meanwhile. At most
 * {@code window} events wait; then {@link #submit} blocks, which holds the stream back instead of piling
 * events up in memory.
 */
final class EventSequencer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventSequencer.class);

    private final ExecutorService thread;
    private final Semaphore window;

    EventSequencer(int window) {
        this.window = new Semaphore(window);
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "wechaty-events");
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues the handling of one event behind the earlier ones; blocks while the window is full. */
    void submit(String what, Runnable handling) {
        if (thread.isShutdown()) {
            log.debug("Dropped {}: the channel is closing", what);
            return;
        }
        window.acquireUninterruptibly();
        try {
            thread.execute(() -> {
                try {
                    handling.run();
                } catch (RuntimeException e) {
                    log.error("❌ Could not handle {} from the puppet service; going on with the next event", what, e);
                } finally {
                    window.release();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            window.release();
            log.debug("Dropped {}: the channel is closing", what);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
