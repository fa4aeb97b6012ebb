package io.cow.core.usage;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.TokenCountEstimator;
import io.cow.core.message.IncomingMessage;
import io.cow.core.model.Answer;
import io.cow.core.store.UsageKey;
import io.cow.core.store.UsageStore;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

/**
 * Adds each call's tokens to the asker's total in the chat with the model that day: the API's {@code usage} when it reported one,
 * otherwise the estimator's count of what was sent and answered.
 */
public final class StoredUsageMeter implements UsageMeter {

    private final UsageStore store;
    private final TokenCountEstimator tokens;
    private final String model;
    private final Clock clock;

    /** @param model the name of the model that answers, recorded with each call */
    public StoredUsageMeter(UsageStore store, TokenCountEstimator tokens, String model, Clock clock) {
        this.store = store;
        this.tokens = tokens;
        this.model = model;
        this.clock = clock;
    }

    @Override
    public void record(IncomingMessage message, List<ChatMessage> prompt, Answer answer) {
        boolean estimated = !answer.hasUsage();
        int in = estimated ? tokens.estimateTokenCountInMessages(prompt) : answer.inputTokens();
        int out = estimated ? tokens.estimateTokenCountInText(answer.text()) : answer.outputTokens();
        store.add(new UsageKey(message.channel(), message.chat().key(), message.sender().key(), model),
                LocalDate.now(clock), in, out, estimated);
    }
}
