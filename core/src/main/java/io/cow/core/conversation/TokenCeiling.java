package io.cow.core.conversation;

import dev.langchain4j.data.message.ChatMessage;

/**
 * A cheap upper bound of what a token counter counts for a message, found without tokenizing. When even the
 * bounds of a conversation's turns fit the budget, the turns fit whatever their exact counts, so none is counted
 * (and the tokenizer need not even be loaded).
 */
@FunctionalInterface
public interface TokenCeiling {

    /** Knows no bound: every turn is counted. */
    TokenCeiling UNKNOWN = message -> Integer.MAX_VALUE;

    /** At least the counter's count for this message; {@link Integer#MAX_VALUE} when there is no cheap bound. */
    int atMost(ChatMessage message);

    /**
     * Told when the bounds of a conversation pass three quarters of its budget: counts will soon be needed. A counter
     * that is slow to get ready can start now, so that the question that first needs a count does not wait for it.
     */
    default void countsComingSoon() {
    }
}
