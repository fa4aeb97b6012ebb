package io.cow.core.model;

import dev.langchain4j.data.message.ChatMessage;

import java.util.List;
import java.util.function.Consumer;

/** Asks the model. Implementations are thread-safe; a call blocks until the answer is complete. */
public interface Answerer {

    /**
     * @param messages  system prompt, earlier turns and the question
     * @param onPartial receives pieces of the answer as they arrive, when the model streams
     * @throws ModelCallException when the model could not answer, with the status and the API's message
     */
    Answer answer(List<ChatMessage> messages, Consumer<String> onPartial) throws ModelCallException;
}
