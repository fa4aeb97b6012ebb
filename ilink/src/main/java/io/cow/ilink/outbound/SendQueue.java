package io.cow.ilink.outbound;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs jobs one after another per user, users in parallel, without a thread waiting for anything: each
 * user's jobs form a chain of futures, and a paced job holds the next one back for the pause.
 */
public final class SendQueue {

    private final Executor executor;
    private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<?>> lastResults = new ConcurrentHashMap<>();

    public SendQueue(Executor executor) {
        this.executor = executor;
    }

    /**
     * Queues a job behind the user's earlier ones.
     *
     * @param pauseAfter how long the user's next job waits after this one completes
     * @return completes with the job's result, as soon as the job completes (not after the pause)
     */
    public <T> CompletableFuture<T> enqueue(String user, Duration pauseAfter, Supplier<CompletableFuture<T>> job) {
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<Void> tail = tails.compute(user, (key, previous) -> {
            lastResults.put(user, result);
            CompletableFuture<Void> before = previous == null ? CompletableFuture.completedFuture(null)
                    : previous.handle((v, e) -> null);
            return before.thenComposeAsync(v -> {
                CompletableFuture<T> run;
                try {
                    run = job.get();
                } catch (RuntimeException e) {
                    run = CompletableFuture.failedFuture(e);
                }
                return run.handle((value, error) -> {
                    if (error != null) {
                        result.completeExceptionally(unwrap(error));
                    } else {
                        result.complete(value);
                    }
                    return null;
                }).thenCompose(v2 -> pause(pauseAfter));
            }, executor);
        });
        tail.whenComplete((v, e) -> {
            tails.remove(user, tail);
            if (e != null) {
                // the job never ran (the executor was shut down): say so instead of leaving the caller waiting
                result.completeExceptionally(unwrap(e));
            }
        });
        result.whenComplete((v, e) -> lastResults.remove(user, result));
        return result;
    }

    /** Completes when every job queued for the user so far has completed (pauses after them not included). */
    public CompletableFuture<Void> whenDone(String user) {
        CompletableFuture<?> last = lastResults.get(user);
        return last == null ? CompletableFuture.completedFuture(null) : last.handle((v, e) -> null);
    }

    private CompletableFuture<Void> pause(Duration pause) {
        if (pause.isZero() || pause.isNegative()) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(pause.toMillis(), TimeUnit.MILLISECONDS, executor));
    }

    static Throwable unwrap(Throwable error) {
        return error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
