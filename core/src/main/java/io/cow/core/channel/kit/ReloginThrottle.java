package io.cow.core.channel.kit;

import io.cow.core.channel.ChannelEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/**
 * Keeps new QR codes apart: at most one per interval, because accounts that log in again and again get
 * restricted. The first QR code is never held back, and attempts that failed before a QR code was shown (the
 * network was down) do not count: those wait only for the channel's {@link Backoff}.
 */
public final class ReloginThrottle {

    private static final Logger log = LoggerFactory.getLogger(ReloginThrottle.class);

    private final Duration interval;
    private final String what;
    private final String settingKey;
    private final Clock clock;
    private final Sleeper sleeper;
    private long lastMillis = Long.MIN_VALUE;
    private boolean skip;

    /**
     * @param what       what is held back, for the log line, e.g. "iLink QR login"
     * @param settingKey the setting that sets the interval, for the log line
     */
    public ReloginThrottle(Duration interval, String what, String settingKey, Clock clock, Sleeper sleeper) {
        this.interval = interval;
        this.what = what;
        this.settingKey = settingKey;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Waits until a new QR code may be shown. */
    public void awaitTurn() throws InterruptedException {
        awaitTurn(null);
    }

    /**
     * Waits until a new QR code may be shown, and tells {@code events} when that is ({@link ChannelEvents#onNextLoginAt})
     * so that the owner sees a countdown. Returns at once when the owner asked for a new QR code ({@link #skipWait}).
     */
    public void awaitTurn(ChannelEvents events) throws InterruptedException {
        Duration wait = untilTurn();
        if (!wait.isZero()) {
            log.info("⏳ Next {} in {}: waiting before asking for a new QR code (at most one every {}, {})",
                    what, Durations.format(wait), Durations.format(interval), settingKey);
            if (events != null) {
                events.onNextLoginAt(clock.instant().plus(wait));
            }
            sleeper.sleep(wait);
        }
    }

    /**
     * The owner asked for a new QR code now: the next (or current) wait is skipped once. The QR code it brings still
     * counts ({@link #shown}), so the one after it waits a whole interval again.
     */
    public synchronized void skipWait() {
        skip = true;
    }

    /** How long until a new QR code may be shown; zero when it may be now. */
    public synchronized Duration untilTurn() {
        if (skip) {
            skip = false;
            log.info("🔄 A new {} now, as the owner asked (the relogin interval {} still counts it)", what, settingKey);
            return Duration.ZERO;
        }
        if (lastMillis == Long.MIN_VALUE) {
            return Duration.ZERO;
        }
        long wait = lastMillis + interval.toMillis() - clock.millis();
        return wait > 0 ? Duration.ofMillis(wait) : Duration.ZERO;
    }

    /** Counts a QR code as shown now. */
    public synchronized void shown() {
        lastMillis = clock.millis();
    }
}
