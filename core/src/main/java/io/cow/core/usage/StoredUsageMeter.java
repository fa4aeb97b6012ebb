package io.cow.core.usage;

import dev.langchain4j.data.message.ChatMessage;
import io.cow.core.message.IncomingMessage;
import io.cow.core.model.Answer;
import io.cow.core.store.UsageKey;
import io.cow.core.store.UsageStore;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

/**
 * Adds each call's tokens to the asker's total in the chat with the model profile that answered, that day: the API's
 * {@code usage} when it reported one, otherwise a {@link TokenEstimate} of what was sent and answered (marked as
 * estimated; no tokenizer is loaded on the answer's path for it).
 */
public final class StoredUsageMeter implements UsageMeter {

    private final UsageStore store;
    private final Clock clock;

    public StoredUsageMeter(UsageStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void record(IncomingMessage message, List<ChatMessage> prompt, Answer answer) {
        boolean estimated = !answer.hasUsage();
        int in = estimated ? TokenEstimate.ofMessages(prompt) : answer.inputTokens();
        int out = estimated ? TokenEstimate.ofText(answer.text()) : answer.outputTokens();
        store.add(new UsageKey(message.channel(), message.chat().key(), message.sender().key(), answer.profile()),
                LocalDate.now(clock), in, out, estimated);
    }
}
