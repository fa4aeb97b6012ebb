package io.cow.core.channel.kit;

import java.time.Duration;

/**
 * How fast a {@link SendQueue} sends: before each part it asks how long the part must still wait, and tells when
 * a part went out. The channels' policies are {@link #perChat} and {@link #perAccount}; a governor that paces by
 * quotas or by what the service answers plugs in here.
 */
public interface Pacing {

    /** No pauses: a part goes as soon as the one before it in its chat is done. */
    Pacing NONE = (lane, nowNanos) -> Duration.ZERO;

    /**
     * How long the next part of this lane must still wait from now. The queue asks again when the wait is over;
     * zero means "go now", and a pacing shared by lanes counts the part as started.
     */
    Duration before(String lane, long nowNanos);

    /** A part of this lane was sent (accepted or refused) now. */
    default void after(String lane, long nowNanos) {
    }

    /** The service said the account sends too often (web 1205): a governor pauses all sending. */
    default void tooFrequent(long nowNanos) {
    }

    /** How long all sending is still paused after {@link #tooFrequent}; zero when it is not. */
    default Duration paused(long nowNanos) {
        return Duration.ZERO;
    }

    /** Whether one more part may wait when {@code waiting} parts wait already; a refused part is not sent. */
    default boolean admits(int waiting) {
        return true;
    }

    /** A pause between the end of one part and the start of the next in the same chat; chats do not wait for each other. */
    static Pacing perChat(Duration pause) {
        return pause.isZero() || pause.isNegative() ? NONE : new ChatPacing(pause);
    }

    /**
     * One part at a time for the whole account, to any chat, with at least this pause between the end of one and the
     * start of the next: what a service that limits how fast an account sends needs.
     */
    static Pacing perAccount(Duration interval) {
        return interval.isZero() || interval.isNegative() ? NONE : new AccountPacing(interval);
    }
}
