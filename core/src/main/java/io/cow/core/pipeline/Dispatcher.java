package io.cow.core.pipeline;

import io.cow.core.channel.kit.DaemonThreads;
import io.cow.core.message.IncomingMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs messages through a handler with bounded concurrency: messages of one chat (of one channel instance)
 * strictly in order, chats in parallel on a fixed number of worker threads. When too many messages wait, {@link #submit} blocks,
 * which slows the channel's polling down instead of growing memory or dropping messages.
 */
public final class Dispatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final Consumer<IncomingMessage> handler;
    private final ExecutorService workers;
    private final Semaphore capacity;
    private final int maxPending;
    private final Map<String, ArrayDeque<IncomingMessage>> queues = new HashMap<>();
    private final InFlight pending = new InFlight();
    private volatile boolean warnedFull;
    private volatile boolean stopped;

    public Dispatcher(Consumer<IncomingMessage> handler, int workerThreads, int maxPending) {
        this.handler = handler;
        this.maxPending = maxPending;
        this.capacity = new Semaphore(maxPending);
        this.workers = new ThreadPoolExecutor(workerThreads, workerThreads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), DaemonThreads.pool("answer"));
    }

    /** Queues a message behind the earlier ones of its chat; blocks while the queue is full. */
    public void submit(IncomingMessage message) {
        if (stopped) {
            return;
        }
        if (!capacity.tryAcquire()) {
            if (!warnedFull) {
                warnedFull = true;
                log.warn("{} messages are waiting for an answer; taking new ones more slowly until some are done", maxPending);
            }
            capacity.acquireUninterruptibly();
        }
        pending.begin();
        // Chat ids are unique within a channel instance only: two accounts may both talk to "filehelper".
        String chat = message.channel() + '\n' + message.chat().id();
        boolean startDrain;
        synchronized (queues) {
            if (stopped) {
                capacity.release();
                pending.end();
                return;
            }
            ArrayDeque<IncomingMessage> queue = queues.get(chat);
            startDrain = queue == null;
            if (startDrain) {
                queue = new ArrayDeque<>();
                queues.put(chat, queue);
            }
            queue.add(message);
        }
        if (startDrain) {
            workers.execute(() -> drain(chat));
        }
    }

    private void drain(String chat) {
        while (true) {
            IncomingMessage next;
            synchronized (queues) {
                ArrayDeque<IncomingMessage> queue = queues.get(chat);
                next = queue == null ? null : queue.poll();
                if (next == null) {
                    queues.remove(chat);
                    return;
                }
            }
            try {
                handler.accept(next);
            } catch (RuntimeException e) {
                log.error("❌ Message {} in {} of {} could not be handled; going on with the next one", next.id(), next.chat().id(), next.channel(), e);
            } finally {
                capacity.release();
                pending.end();
                if (warnedFull && capacity.availablePermits() == maxPending) {
                    warnedFull = false;
                }
            }
        }
    }

    /**
     * Starts no more messages: those being handled run to their end, the queued ones are forgotten (their inbox
     * keeps them for the next start), and later submissions are ignored.
     *
     * @return how many queued messages were forgotten
     */
    public int stopTaking() {
        int forgotten = 0;
        synchronized (queues) {
            stopped = true;
            for (ArrayDeque<IncomingMessage> queue : queues.values()) {
                forgotten += queue.size();
                queue.clear();
            }
        }
        for (int i = 0; i < forgotten; i++) {
            capacity.release();
            pending.end();
        }
        return forgotten;
    }

    /** Messages submitted and not yet handled. */
    public int pending() {
        return pending.count();
    }

    /** Waits until every submitted message has been handled. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        return pending.awaitZero(timeout);
    }

    /** Stops the workers (interrupting answers in progress) and waits a little for them to end. */
    @Override
    public void close() {
        workers.shutdownNow();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("Some answers were still running when the bot stopped");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
