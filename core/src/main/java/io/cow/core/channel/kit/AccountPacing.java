package io.cow.core.channel.kit;

import java.time.Duration;

/**
 * {@link Pacing#perAccount}: the starts of any two parts at least an interval apart. A part that must wait asks
 * again when its wait is over (a late timer must not let parts bunch up), and the first to ask then goes.
 */
final class AccountPacing implements Pacing {

    private final long intervalNanos;
    private boolean any;
    private long lastStart;

    AccountPacing(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    @Override
    public synchronized Duration before(String lane, long nowNanos) {
        long wait = any ? lastStart + intervalNanos - nowNanos : 0;
        if (wait > 0) {
            return Duration.ofNanos(wait);
        }
        any = true;
        lastStart = nowNanos;
        return Duration.ZERO;
    }
}
