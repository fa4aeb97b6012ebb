package io.cow.core.usage;

import dev.langchain4j.data.message.ChatMessage;
import io.cow.core.message.IncomingMessage;
import io.cow.core.model.Answer;

import java.util.List;

/** Counts the tokens each answered question cost. */
public interface UsageMeter {

    /** Counts nothing. */
    UsageMeter NONE = (message, prompt, answer) -> {
    };

    /**
     * Adds one answered model call.
     *
     * @param prompt everything the model was sent
     * @param answer what it answered, with the API's token counts when it reported them
     */
    void record(IncomingMessage message, List<ChatMessage> prompt, Answer answer);
}
