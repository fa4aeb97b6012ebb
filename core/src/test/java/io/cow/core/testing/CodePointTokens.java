package io.cow.core.testing;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.TokenCountEstimator;

/**
 * A token counter a test can do sums with: one token per code point, plus {@value #PER_MESSAGE} per message.
 * (The real tokenizer is tested in app, with jtokkit.)
 */
public final class CodePointTokens implements TokenCountEstimator {

    public static final int PER_MESSAGE = 4;

    @Override
    public int estimateTokenCountInText(String text) {
        return text.codePointCount(0, text.length());
    }

    @Override
    public int estimateTokenCountInMessage(ChatMessage message) {
        return PER_MESSAGE + estimateTokenCountInText(text(message));
    }

    @Override
    public int estimateTokenCountInMessages(Iterable<ChatMessage> messages) {
        int total = 0;
        for (ChatMessage message : messages) {
            total += estimateTokenCountInMessage(message);
        }
        return total;
    }

    /** The text of a user, AI or system message. */
    public static String text(ChatMessage message) {
        if (message instanceof UserMessage user) {
            return user.singleText();
        }
        if (message instanceof AiMessage ai) {
            return ai.text();
        }
        if (message instanceof SystemMessage system) {
            return system.text();
        }
        throw new IllegalArgumentException(message.toString());
    }

    /** What a turn costs: both messages. */
    public static int turn(String question, String answer) {
        return 2 * PER_MESSAGE + question.codePointCount(0, question.length()) + answer.codePointCount(0, answer.length());
    }
}
