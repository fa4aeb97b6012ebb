package io.cow.core.store;

import io.cow.core.message.IncomingMessage;
import io.cow.core.message.OutgoingMessage;

import java.time.Instant;
import java.util.List;

/**
 * The replies waiting to be sent, per channel instance, oldest first: written before a channel's send queue takes
 * them, and removed once sent or given up, so that what was queued when the bot stopped (or crashed) is sent after
 * the restart. A part is named by its channel and its {@link OutgoingMessage#clientId()}, unique within the channel
 * instance. Implementations are thread-safe; each method is one transaction. A cluster worker's writes of a channel's parts fail with {@link LeaseLostException} once it no
 * longer holds the channel's lease.
 */
public interface Outbox {

    /** A part that is not the end of an answer (a streamed part, an alert); when it answers a message, that message is marked as being answered (it is not answered again after a restart). */
    void add(String channel, OutgoingMessage part);

    /**
     * The end of an answer, in one transaction: its last parts are stored, the turn it completes (0 for none) is
     * linked to its last part, so that the turn counts as delivered once that part is sent, and the message it
     * answers is marked handled.
     *
     * @return the parts stored, in order
     */
    List<OutgoingMessage> finish(String channel, IncomingMessage inReplyTo, List<OutgoingMessage> parts, long turnId);

    /** The transport is about to get this part of the channel's: after a crash it may have arrived already. */
    void attempted(String channel, String clientId);

    /** The part was sent: it is removed; the turn it completes counts as delivered. */
    void sent(String channel, String clientId);

    /**
     * The part is given up (refused, possibly delivered, too old): it is removed.
     *
     * @return the id of the turn it was to complete, or 0: the caller forgets that turn
     */
    long givenUp(String channel, String clientId);

    /** Every part of the channel waiting to be sent, oldest first. */
    List<Waiting> waiting(String channel);

    /**
     * A part waiting to be sent.
     *
     * @param part      as it was queued
     * @param queuedAt  when it was stored
     * @param attempted whether the transport may have had it already (an attempt began before the stop)
     */
    record Waiting(OutgoingMessage part, Instant queuedAt, boolean attempted) {
    }
}
