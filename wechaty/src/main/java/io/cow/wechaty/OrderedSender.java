package io.cow.wechaty;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Sends to each chat strictly one after another (a text starts only when the previous one to that chat
 * was accepted or refused), while different chats send in parallel.
 */
final class OrderedSender {

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    CompletableFuture<Void> send(String chatId, Supplier<CompletableFuture<Void>> operation) {
        @SuppressWarnings("unchecked")
        CompletableFuture<Void>[] created = new CompletableFuture[1];
        tails.compute(chatId, (key, tail) -> {
            CompletableFuture<Void> previous = tail == null ? DONE : tail;
            created[0] = previous.handle((ok, error) -> null).thenCompose(ignored -> {
                try {
                    return operation.get();
                } catch (RuntimeException e) {
                    return CompletableFuture.failedFuture(e);
                }
            });
            return created[0];
        });
        CompletableFuture<Void> mine = created[0];
        mine.whenComplete((ok, error) -> tails.remove(chatId, mine));
        return mine;
    }

    /** Waits until every queued send is done, or the time is up. */
    boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!tails.isEmpty()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                CompletableFuture.allOf(tails.values().toArray(CompletableFuture[]::new))
                        .handle((ok, error) -> null)
                        .get(Math.max(1, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException timedOut) {
                return tails.isEmpty();
            }
        }
        return true;
    }
}
