package io.cow.core.store;

import java.time.Instant;
import java.util.List;

/** Keeps the turns of each conversation across restarts. Implementations are thread-safe. */
public interface ConversationStore {

    /**
     * The newest turns of a conversation that are older than a given turn, newest first.
     *
     * @param beforeId only turns with a smaller id; {@link Long#MAX_VALUE} for the newest
     * @param limit    at most this many
     */
    List<Turn> newestTurns(ConversationKey key, long beforeId, int limit);

    /** Adds a completed turn at the end of the conversation, durably, and returns it with its id. */
    Turn append(ConversationKey key, Turn turn);

    /**
     * Adds a turn whose answer is still on its way to the user: it is part of the conversation (the next question
     * sees it), and counts as delivered once the outbox has sent the answer's last part; one that never is (the
     * send was given up, or the bot stopped before the answer was queued) is forgotten. Stores that keep no outbox
     * treat it as {@link #append}.
     */
    default Turn appendUndelivered(ConversationKey key, Turn turn) {
        return append(key, turn);
    }

    /** Forgets one turn (its answer never reached the user). */
    default void forgetTurn(long turnId) {
    }

    /**
     * Forgets the channel's turns whose answer is not delivered and no longer waits in the outbox (the bot stopped
     * between remembering an answer and queuing it). Called when the channel's outbox is taken up, while no answer
     * of that channel is on its way.
     *
     * @return how many turns were forgotten
     */
    default int forgetUndelivered(String channel) {
        return 0;
    }

    /** Forgets the turns of a conversation older than the given turn id (they no longer fit the window). */
    void forgetBefore(ConversationKey key, long turnId);

    /** The summary of the conversation's forgotten turns; empty when there is none. */
    default String summary(ConversationKey key) {
        return "";
    }

    /**
     * Keeps a summary with the conversation in place of its turns older than the given turn id, which are forgotten,
     * both at once.
     */
    default void summarize(ConversationKey key, String summary, long beforeTurnId) {
        forgetBefore(key, beforeTurnId);
    }

    /** Forgets a whole conversation. */
    void clear(ConversationKey key);

    /** The conversations kept for a chat: one, or in a group with a conversation per member, one per member. */
    List<ConversationKey> conversationsOf(String channel, String chatKey);

    /** Forgets every conversation whose newest turn is at or before this instant; returns how many were forgotten. */
    int clearInactiveSince(Instant cutoff);
}
