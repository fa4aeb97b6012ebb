package io.cow.wechaty;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Handles the service's events one after another, in the order they arrived, without a thread of its own: each
 * event's handling starts when the one before it has finished, on whichever thread finished it (the transport's,
 * in practice). Work an event can start early (fetching a message's payload) runs meanwhile.
 */
final class EventSequencer {

    private static final Logger log = LoggerFactory.getLogger(EventSequencer.class);

    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    /**
     * Queues a step behind the earlier ones.
     *
     * @param step starts the handling and says when it is finished
     * @return completes when this step has finished, also when it failed
     */
    synchronized CompletableFuture<Void> then(String what, Supplier<CompletableFuture<?>> step) {
        tail = tail.thenCompose(ignored -> run(what, step));
        return tail;
    }

    private static CompletableFuture<Void> run(String what, Supplier<CompletableFuture<?>> step) {
        CompletableFuture<?> running;
        try {
            running = step.get();
        } catch (RuntimeException e) {
            running = CompletableFuture.failedFuture(e);
        }
        return running.handle((ok, error) -> {
            if (error != null) {
                log.error("❌ Could not handle {} from the puppet service; going on with the next event", what, error);
            }
            return null;
        });
    }
}
