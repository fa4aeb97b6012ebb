package io.cow.core.store;

import io.cow.core.message.IncomingMessage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The messages the bot has taken in: written before the transport is acknowledged, so a crash or a stop loses
 * none, and kept (without their text) for a while after they are handled, so a message delivered twice, also
 * across a restart, is taken in once. A message is named by its channel and id. Implementations are thread-safe.
 */
public interface Inbox {

    /**
     * Takes in a batch in one transaction: every message not taken in before is stored, durably, before this
     * returns.
     *
     * @return the messages that were new: the batch's own objects, in the batch's order (the intake tells the others
     *         apart by identity, as duplicates)
     * @throws StoreException when the batch could not be stored (then none of it was)
     */
    List<IncomingMessage> takeIn(List<IncomingMessage> messages);

    /** The message is handled (answered, or nothing to do): it is not taken up again after a restart. */
    void done(IncomingMessage message);

    /**
     * The messages of a channel taken in and not yet handled, oldest first; each is counted as one more attempt,
     * so that a message that brings the bot down is given up after a few starts instead of every time.
     */
    List<Waiting> unhandled(String channel);

    /** Notes that the channel was taking in messages at this moment (see {@link #lastHeard}). */
    void heard(String channel, Instant at);

    /** When the channel was last known to take in messages, in this or an earlier run. */
    Optional<Instant> lastHeard(String channel);

    /**
     * A message taken in and not handled.
     *
     * @param message    as it was taken in
     * @param receivedAt when it was taken in
     * @param attempts   how many starts have taken it up so far, this one included
     */
    record Waiting(IncomingMessage message, Instant receivedAt, int attempts) {
    }
}
