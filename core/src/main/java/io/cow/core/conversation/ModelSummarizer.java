package io.cow.core.conversation;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import io.cow.core.message.IncomingMessage;
import io.cow.core.model.Answer;
import io.cow.core.model.Answerer;
import io.cow.core.store.Turn;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/** Asks a model for the summary: the earlier summary and the turns as a transcript, with an instruction. */
public final class ModelSummarizer implements Summarizer {

    static final String INSTRUCTION = "Summarize the conversation below between a user and an assistant in a few sentences, "
            + "in the language of the conversation. Keep names, facts, decisions and open questions; leave out greetings. "
            + "Answer with the summary only.";

    private final Function<IncomingMessage, Answerer> model;
    private final Executor then;

    /**
     * @param model the model that writes the summary for the message's chat
     * @param then  where the summary is handed on (it is written to the store, so not on the model client's thread)
     */
    public ModelSummarizer(Function<IncomingMessage, Answerer> model, Executor then) {
        this.model = model;
        this.then = then;
    }

    @Override
    public CompletableFuture<String> summarize(IncomingMessage message, String earlier, List<Turn> turns) {
        List<ChatMessage> prompt = List.of(SystemMessage.from(INSTRUCTION), UserMessage.from(transcript(earlier, turns)));
        return model.apply(message).ask(prompt, piece -> { }).thenApplyAsync(Answer::text, then);
    }

    static String transcript(String earlier, List<Turn> turns) {
        StringBuilder out = new StringBuilder();
        if (!earlier.isBlank()) {
            out.append("Summary of what came before:\n").append(earlier.strip()).append("\n\n");
        }
        out.append("Conversation:\n");
        for (Turn turn : turns) {
            out.append("User: ").append(turn.question()).append('\n');
            out.append("Assistant: ").append(turn.answer()).append('\n');
        }
        return out.toString();
    }
}
