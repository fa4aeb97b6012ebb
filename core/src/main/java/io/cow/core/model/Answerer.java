package io.cow.core.model;

import dev.langchain4j.data.message.ChatMessage;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** Asks the model. Implementations are thread-safe. */
public interface Answerer {

    /**
     * Asks and waits for the whole answer.
     *
     * @param messages  system prompt, earlier turns and the question
     * @param onPartial receives pieces of the answer as they arrive, when the model streams
     * @throws ModelCallException when the model could not answer, with the status and the API's message
     */
    Answer answer(List<ChatMessage> messages, Consumer<String> onPartial) throws ModelCallException;

    /**
     * Asks without holding the caller's thread where the implementation can: the future completes, and
     * {@code onPartial} is called, on the model client's own thread. It fails with a {@link ModelCallException}.
     * The default asks on the calling thread.
     */
    default CompletableFuture<Answer> ask(List<ChatMessage> messages, Consumer<String> onPartial) {
        try {
            return CompletableFuture.completedFuture(answer(messages, onPartial));
        } catch (ModelCallException e) {
            return CompletableFuture.failedFuture(e);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(ModelErrors.describe(e));
        }
    }
}
