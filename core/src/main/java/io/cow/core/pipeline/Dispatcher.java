package io.cow.core.pipeline;

import io.cow.core.channel.kit.DaemonThreads;
import io.cow.core.message.IncomingMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs messages through a handler: messages with the same order key (one conversation) strictly one after another,
 * different keys in parallel. The handler's own work runs on a few worker threads; a handler that waits for
 * something else (the model) returns an unfinished stage, which holds no thread, and the key's next message starts
 * when the stage completes. So how many answers are in flight is bounded by the model clients' limits, not by the
 * workers. When too many messages wait, {@link #submit} blocks, which slows the channel's polling down instead of
 * growing memory or dropping messages.
 */
public final class Dispatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final Function<IncomingMessage, String> orderKey;
    private final BiFunction<IncomingMessage, Executor, CompletionStage<?>> handler;
    private final ExecutorService workers;
    /** The workers, as handlers continue on them: a key's next message then starts without another hand-off. */
    private final Executor continuing;
    private static final ThreadLocal<Boolean> CONTINUING = new ThreadLocal<>();
    private final Semaphore capacity;
    private final int maxPending;
    private final Map<String, ArrayDeque<IncomingMessage>> queues = new HashMap<>();
    private final InFlight pending = new InFlight();
    private volatile boolean warnedFull;
    private volatile boolean stopped;

    /** A dispatcher whose handler finishes each message on the worker's thread; messages keep order per chat. */
    public Dispatcher(Consumer<IncomingMessage> handler, int workerThreads, int maxPending) {
        // Chat ids are unique within a channel instance only: two accounts may both talk to "filehelper".
        this(message -> message.channel() + '\n' + message.chat().id(), (message, workers) -> {
            handler.accept(message);
            return CompletableFuture.completedFuture(null);
        }, workerThreads, maxPending);
    }

    /**
     * @param orderKey      messages with the same key are handled in order, one at a time
     * @param handler       handles a message and tells when it is done; it is given the workers, to continue on
     * @param workerThreads threads for the handlers' own work
     * @param maxPending    messages taken in and not yet done before {@link #submit} blocks
     */
    public Dispatcher(Function<IncomingMessage, String> orderKey, BiFunction<IncomingMessage, Executor, CompletionStage<?>> handler,
                      int workerThreads, int maxPending) {
        this.orderKey = orderKey;
        this.handler = handler;
        this.maxPending = maxPending;
        this.capacity = new Semaphore(maxPending);
        this.workers = new ThreadPoolExecutor(workerThreads, workerThreads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), DaemonThreads.pool("answer"));
        this.continuing = task -> workers.execute(() -> {
            CONTINUING.set(Boolean.TRUE);
            try {
                task.run();
            } finally {
                CONTINUING.remove();
            }
        });
    }

    /** Queues a message behind the earlier ones of its conversation; blocks while the queue is full. */
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
        String key;
        try {
            key = orderKey.apply(message);
        } catch (RuntimeException e) {
            log.error("❌ Could not tell which conversation message {} belongs to; keeping it in order with its chat", message.id(), e);
            key = message.channel() + '\n' + message.chat().id();
        }
        boolean startDrain;
        synchronized (queues) {
            if (stopped) {
                capacity.release();
                pending.end();
                return;
            }
            ArrayDeque<IncomingMessage> queue = queues.get(key);
            startDrain = queue == null;
            if (startDrain) {
                queue = new ArrayDeque<>();
                queues.put(key, queue);
            }
            queue.add(message);
        }
        if (startDrain) {
            String drained = key;
            workers.execute(() -> drain(drained));
        }
    }

    /**
     * Handles the key's messages in turn. A message whose handling finished on this thread is followed at once; one
     * that waits for something is followed, on a worker, when it is done.
     */
    private void drain(String key) {
        while (true) {
            IncomingMessage next;
            synchronized (queues) {
                ArrayDeque<IncomingMessage> queue = queues.get(key);
                next = queue == null ? null : queue.poll();
                if (next == null) {
                    queues.remove(key);
                    return;
                }
            }
            CompletableFuture<?> done = start(next);
            if (!done.isDone()) {
                done.whenComplete((ok, error) -> {
                    finished(next, error);
                    if (Boolean.TRUE.equals(CONTINUING.get())) {
                        // Already on a worker (the answer's tail ran here): go on with the conversation, no hand-off.
                        drain(key);
                    } else if (moreQueued(key)) {
                        // Most conversations have nothing more waiting: then no worker is woken just to find that out.
                        workers.execute(() -> drain(key));
                    }
                });
                return;
            }
            finished(next, done.isCompletedExceptionally() ? done.handle((ok, error) -> error).join() : null);
        }
    }

    /** Whether the key has messages waiting; forgets the key when not (a later submit then starts a drain itself). */
    private boolean moreQueued(String key) {
        synchronized (queues) {
            ArrayDeque<IncomingMessage> queue = queues.get(key);
            if (queue != null && !queue.isEmpty()) {
                return true;
            }
            queues.remove(key);
            return false;
        }
    }

    private CompletableFuture<?> start(IncomingMessage message) {
        try {
            return handler.apply(message, continuing).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void finished(IncomingMessage message, Throwable error) {
        if (error != null) {
            log.error("❌ Message {} in {} of {} could not be handled; going on with the next one", message.id(), message.chat().id(),
                    message.channel(), error);
        }
        capacity.release();
        pending.end();
        if (warnedFull && capacity.availablePermits() == maxPending) {
            warnedFull = false;
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

    /** Stops the workers (interrupting the pipeline work in progress) and waits a little for them to end. */
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
