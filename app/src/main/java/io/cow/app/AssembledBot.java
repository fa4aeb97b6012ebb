package io.cow.app;

import dev.langchain4j.model.TokenCountEstimator;
import io.cow.core.conversation.MemoryOptions;
import io.cow.core.pipeline.Bot;
import io.cow.core.store.ConversationStore;
import io.cow.core.store.Store;

/**
 * A bot as {@link BotAssembly} wired it, with the parts the console reads.
 *
 * @param bot           the bot, not started yet
 * @param store         its store
 * @param conversations the conversations as its memory reads them (the instance in front of the store)
 * @param memory        the memory settings
 * @param tokenizer     the tokenizer the memory counts with
 */
record AssembledBot(Bot bot, Store store, ConversationStore conversations, MemoryOptions memory,
                           TokenCountEstimator tokenizer) {
}
