package io.cow.core.store;

/** Remembers which messages were already taken in, so a message delivered twice is answered once. */
public interface SeenMessages {

    /**
     * Records a message id.
     *
     * @return true the first time this id is seen for this channel, false afterwards
     */
    boolean firstTime(String channel, String messageId);
}
