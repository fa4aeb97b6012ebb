package io.cow.core.conversation;

import dev.langchain4j.data.message.ChatMessage;
import io.cow.core.message.IncomingMessage;
import io.cow.core.model.Answer;

import java.util.List;

/** What the bot remembers of a conversation: the earlier turns sent along with each new question. */
public interface ConversationMemory {

    /** Remembers nothing: every question is asked alone, as the original bot did. */
    ConversationMemory NONE = new ConversationMemory() {
        @Override
        public List<ChatMessage> history(IncomingMessage message) {
            return List.of();
        }

        @Override
        public void record(IncomingMessage message, String question, Answer answer) {
        }

        @Override
        public void reset(IncomingMessage message) {
        }
    };

    /** The earlier turns of the conversation this message belongs to, oldest first. Changes nothing. */
    List<ChatMessage> history(IncomingMessage message);

    /** Records a completed turn; called only after the answer was produced. */
    void record(IncomingMessage message, String question, Answer answer);

    /**
     * Records a completed turn whose answer is still on its way to the user (queued in the outbox): the next question
     * already sees it, and it counts as delivered once the last part is sent (see
     * {@link io.cow.core.store.ConversationStore#appendUndelivered}).
     *
     * @return the turn's id, or 0 when nothing was recorded
     */
    default long recordUndelivered(IncomingMessage message, String question, Answer answer) {
        record(message, question, answer);
        return 0;
    }

    /**
     * The question as the model is asked it and as it is remembered. Where several people share one conversation
     * (a group, with one conversation for the whole group), each question names who asked: otherwise the model
     * could not tell the members apart.
     */
    default String asAsked(IncomingMessage message, String question) {
        return question;
    }

    /** Forgets the conversation this message belongs to. */
    void reset(IncomingMessage message);
}
