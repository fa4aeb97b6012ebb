package io.cow.app.model;

import com.netflix.concurrency.limits.limit.AbstractLimit;

/**
 * An additive-increase, multiplicative-decrease limit that reacts to what a model provider says, the way TCP reacts
 * to losses: it grows by one per round of answers while the requests in flight use at least half of it, and on an
 * overload answer it falls to 90% of the requests that were in flight when the refused one started, at most once
 * per round.
 *
 * <p>Written here, on concurrency-limits' {@link AbstractLimit}, because the library's {@code AIMDLimit} grows by one
 * per answer (doubling each round) and shrinks by a tenth per refusal: against a provider that takes 8 requests at
 * once, a burst of 40 refusals first empties it, then it overshoots again within a round, and the 429s never stop.
 * Growing by one per round and cutting once per round to below where the refusals began settles at the provider's
 * own limit, with one refused probe now and then.
 */
final class OverloadLimit extends AbstractLimit {

    private static final double BACKOFF = 0.9;

    private final int max;
    /** The limit with its fraction, grown by 1/limit per answer. */
    private double estimate;
    /** When the limit was last cut: refusals of requests that started before belong to that round. */
    private long lastCutNanos = Long.MIN_VALUE;

    OverloadLimit(int max) {
        super(max);
        this.max = max;
        this.estimate = max;
    }

    @Override
    protected int _update(long startTime, long rtt, int inflight, boolean didDrop) {
        if (didDrop) {
            double atRefusal = Math.max(1, Math.floor(inflight * BACKOFF));
            boolean newRound = startTime - lastCutNanos > 0;
            estimate = newRound ? Math.min(atRefusal, Math.max(1, Math.floor(estimate * BACKOFF))) : Math.min(estimate, atRefusal);
            if (newRound) {
                lastCutNanos = System.nanoTime();
            }
        } else if (inflight * 2 >= getLimit()) {
            estimate = Math.min(max, estimate + 1.0 / estimate);
        }
        return (int) estimate;
    }

    @Override
    public String toString() {
        return "OverloadLimit [limit=" + getLimit() + "]";
    }
}
