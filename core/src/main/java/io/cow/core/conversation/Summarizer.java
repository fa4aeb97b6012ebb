package io.cow.core.conversation;

import io.cow.core.message.IncomingMessage;
import io.cow.core.store.Turn;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Writes the summary of turns that no longer fit a conversation's token budget ({@code memory.summarize}). */
@FunctionalInterface
interface Summarizer {

    /**
     * @param message the message whose answer pushed the turns out (it names the chat, and so its model profile)
     * @param earlier the conversation's summary so far, empty when it has none
     * @param turns   the turns to fold into it, oldest first
     * @return the new summary, which replaces the earlier one and the turns
     */
    CompletableFuture<String> summarize(IncomingMessage message, String earlier, List<Turn> turns);
}
