package io.cow.core.usage;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;

import java.util.List;

/**
 * A quick estimate of tokens, for usage when the API reports none: about four characters a token for ASCII text and
 * one a token for other characters (CJK, emoji), plus what chat formats add per message. Within a few percent of
 * tiktoken's counts for ordinary chat text, without loading a tokenizer on the answer's path; exact counts are made
 * only where the memory's token budget needs them.
 */
public final class TokenEstimate {

    /** Added for each message (role and separators) and for the request (priming the reply), as OpenAI counts. */
    static final int PER_MESSAGE = 4;
    static final int PER_REQUEST = 3;

    private TokenEstimate() {
    }

    public static int ofText(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        int ascii = 0;
        int other = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                ascii++;
            } else if (!Character.isLowSurrogate(c)) {
                other++;
            }
        }
        return (ascii + 3) / 4 + other;
    }

    public static int ofMessages(List<ChatMessage> messages) {
        int tokens = PER_REQUEST;
        for (ChatMessage message : messages) {
            tokens += PER_MESSAGE + ofText(textOf(message));
        }
        return tokens;
    }

    private static String textOf(ChatMessage message) {
        if (message instanceof UserMessage user) {
            return user.hasSingleText() ? user.singleText() : user.toString();
        }
        if (message instanceof AiMessage ai) {
            return ai.text();
        }
        if (message instanceof SystemMessage system) {
            return system.text();
        }
        return message.toString();
    }
}
