package io.cow.core.channel.kit;

import java.time.Duration;

/**
 * {@link Pacing#perAccount}: one part at a time for the whole account, whatever its chat, and a pause between the
 * end of one and the start of the next, as a person's phone would send. A part that must wait asks again when its
 * wait is over (a late timer must not let parts bunch up), and the first to ask then goes.
 */
final class AccountPacing implements Pacing {

    private final long intervalNanos;
    private boolean sending;
    private boolean any;
    private long lastEnd;

    AccountPacing(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    @Override
    public synchronized Duration before(String lane, long nowNanos) {
        if (sending) {
            // The part in flight ends at an unknown time: ask again after a pause, by then it has usually ended.
            return Duration.ofNanos(intervalNanos);
        }
        long wait = any ? lastEnd + intervalNanos - nowNanos : 0;
        if (wait > 0) {
            return Duration.ofNanos(wait);
        }
        sending = true;
        return Duration.ZERO;
    }

    @Override
    public synchronized void after(String lane, long nowNanos) {
        sending = false;
        any = true;
        lastEnd = nowNanos;
    }
}
