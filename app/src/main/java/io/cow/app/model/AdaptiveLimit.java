package io.cow.app.model;

import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * How many requests one model profile may have in flight: an {@link OverloadLimit} on Netflix concurrency-limits'
 * limiter, cut when the provider answers that it is overloaded (429, 503, 529) and grown again as it answers, between
 * 1 and the profile's ceiling. It starts at the ceiling: a provider that copes is never made to wait, and one that
 * does not is found out by its first refusals.
 *
 * <p>The library's limiters either refuse at once or block the caller's thread; requests that find the limit reached
 * wait here, in order, without a thread, and go when a request ends or the limit grows.
 */
final class AdaptiveLimit {

    private static final Logger log = LoggerFactory.getLogger("model");
    private static final long REPORT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** A place among the requests in flight; exactly one of its methods is called, once. */
    interface Permit {
        /** The provider answered (a stream: it ended as it should). */
        void succeeded();

        /** The provider said it is overloaded. */
        void overloaded();

        /** Ended in a way that says nothing about the provider's load (a client error, a cut connection). */
        void ignored();
    }

    private final String profile;
    private final int ceiling;
    private final SimpleLimiter<Void> limiter;
    private final ArrayDeque<CompletableFuture<Permit>> waiting = new ArrayDeque<>();
    private long lastReport;

    AdaptiveLimit(String profile, int ceiling) {
        this.profile = profile;
        this.ceiling = ceiling;
        this.limiter = SimpleLimiter.newBuilder().named("model-" + profile)
                .limit(new OverloadLimit(ceiling))
                .build();
    }

    /** A permit now, or once one is free; waiters are served in order. */
    CompletableFuture<Permit> acquire() {
        CompletableFuture<Permit> permit = new CompletableFuture<>();
        synchronized (waiting) {
            if (waiting.isEmpty()) {
                Optional<Limiter.Listener> now = limiter.acquire(null);
                if (now.isPresent()) {
                    permit.complete(new Held(now.get()));
                    return permit;
                }
            }
            waiting.add(permit);
        }
        return permit;
    }

    /** The current limit. */
    int limit() {
        return limiter.getLimit();
    }

    int inFlight() {
        return limiter.getInflight();
    }

    /** Requests waiting for a permit. */
    int waiting() {
        synchronized (waiting) {
            return waiting.size();
        }
    }

    private void grantWaiting() {
        while (true) {
            CompletableFuture<Permit> next;
            Limiter.Listener listener;
            synchronized (waiting) {
                next = waiting.peek();
                if (next == null) {
                    return;
                }
                if (next.isDone()) {
                    waiting.poll();
                    continue;
                }
                Optional<Limiter.Listener> granted = limiter.acquire(null);
                if (granted.isEmpty()) {
                    return;
                }
                waiting.poll();
                listener = granted.get();
            }
            // Completed outside the lock: the waiter's request starts on this thread.
            Held held = new Held(listener);
            if (!next.complete(held)) {
                held.ignored();
            }
        }
    }

    private void reportOverload(int before) {
        int after = limiter.getLimit();
        long now = System.nanoTime();
        synchronized (this) {
            if (after < before && (lastReport == 0 || now - lastReport > REPORT_EVERY_NANOS)) {
                lastReport = now;
                log.info("⚖️ Model profile {} is overloaded: at most {} requests in flight now (ceiling {}), growing again as it answers",
                        profile, after, ceiling);
                return;
            }
        }
        log.debug("Model profile {}: limit {} after an overload answer", profile, after);
    }

    private final class Held implements Permit {
        private final Limiter.Listener listener;
        private boolean ended;

        Held(Limiter.Listener listener) {
            this.listener = listener;
        }

        @Override
        public void succeeded() {
            if (end()) {
                listener.onSuccess();
                grantWaiting();
            }
        }

        @Override
        public void overloaded() {
            if (end()) {
                int before = limiter.getLimit();
                listener.onDropped();
                reportOverload(before);
                grantWaiting();
            }
        }

        @Override
        public void ignored() {
            if (end()) {
                listener.onIgnore();
                grantWaiting();
            }
        }

        private synchronized boolean end() {
            if (ended) {
                return false;
            }
            ended = true;
            return true;
        }
    }
}
