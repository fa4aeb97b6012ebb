package io.cow.core.channel.kit;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link Pacing#perAccount}: one part at a time for the whole account, whatever its chat, and a pause between the
 * end of one and the start of the next, as a person's phone would send. A part that must wait asks again when its
 * wait is over (a late timer must not let parts bunch up). When it is time, the chat that has waited longest goes, so
 * that one long answer in one chat does not hold back the others: its parts take turns with theirs.
 */
final class AccountPacing implements Pacing {

    /** A chat whose part has asked: since when it waits, and when it last asked. */
    private static final class Waiting {
        final long since;
        long lastAsked;

        Waiting(long since) {
            this.since = since;
            this.lastAsked = since;
        }
    }

    /** How soon a chat that is not first in line asks again, once the pause is over. */
    private static final long YIELD_NANOS = 20_000_000;

    private final long intervalNanos;
    /** A chat that has not asked again for this long no longer waits (its queue closed or stalled). */
    private final long staleNanos;
    private final Map<String, Waiting> waiting = new LinkedHashMap<>();
    private boolean sending;
    private boolean any;
    private long lastEnd;

    AccountPacing(Duration interval) {
        this.intervalNanos = interval.toNanos();
        this.staleNanos = intervalNanos + 1_000_000_000L;
    }

    @Override
    public synchronized Duration before(String lane, long nowNanos) {
        waiting.computeIfAbsent(lane, l -> new Waiting(nowNanos)).lastAsked = nowNanos;
        if (sending) {
            // The part in flight ends at an unknown time: ask again after a pause, by then it has usually ended.
            return Duration.ofNanos(intervalNanos);
        }
        long wait = any ? lastEnd + intervalNanos - nowNanos : 0;
        if (wait > 0) {
            return Duration.ofNanos(wait);
        }
        String first = longestWaiting(nowNanos);
        if (!lane.equals(first)) {
            return Duration.ofNanos(YIELD_NANOS);
        }
        waiting.remove(lane);
        sending = true;
        return Duration.ZERO;
    }

    private String longestWaiting(long nowNanos) {
        String first = null;
        long since = Long.MAX_VALUE;
        for (Iterator<Map.Entry<String, Waiting>> it = waiting.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Waiting> entry = it.next();
            if (nowNanos - entry.getValue().lastAsked > staleNanos) {
                it.remove();
            } else if (entry.getValue().since < since) {
                since = entry.getValue().since;
                first = entry.getKey();
            }
        }
        return first;
    }

    @Override
    public synchronized void after(String lane, long nowNanos) {
        sending = false;
        any = true;
        lastEnd = nowNanos;
    }
}
