package io.cow.core.store;

/**
 * Remembers which messages were already taken in, so a message delivered twice is answered once. A durable
 * implementation records the id before {@link #firstTime} returns, so the answer happens at most once, even
 * across a restart or a crash.
 */
public interface SeenMessages {

    /**
     * Records a message id.
     *
     * @return true the first time this id is seen for this channel, false afterwards
     */
    boolean firstTime(String channel, String messageId);
}
