package io.cow.app.model;

import dev.langchain4j.http.client.sse.ServerSentEvent;

import java.util.regex.Pattern;

/**
 * How a provider's answer stream says that the answer is complete. A stream that ends without saying so was cut
 * (a proxy or the connection gave up): LangChain4j's clients would take what arrived for the whole answer, so the
 * HTTP client reports it as a failure instead.
 */
enum StreamEnd {
    /** OpenAI and compatible servers, Azure OpenAI: {@code data: [DONE]}, or a chunk with a finish reason. */
    OPENAI {
        @Override
        boolean says(ServerSentEvent event) {
            return saysOpenAiFinished(event.data());
        }
    },
    /** Anthropic: the {@code message_stop} event. */
    ANTHROPIC {
        @Override
        boolean says(ServerSentEvent event) {
            return "message_stop".equals(event.event()) || event.data() != null && event.data().contains("\"message_stop\"");
        }
    },
    /** Gemini: a chunk whose candidate has a {@code finishReason}. */
    GEMINI {
        @Override
        boolean says(ServerSentEvent event) {
            return event.data() != null && event.data().contains("\"finishReason\"");
        }
    },
    /** Ollama: the line with {@code "done": true}. */
    OLLAMA {
        @Override
        boolean says(ServerSentEvent event) {
            return event.data() != null && DONE_TRUE.matcher(event.data()).find();
        }
    };

    private static final Pattern DONE_TRUE = Pattern.compile("\"done\"\\s*:\\s*true");

    /** Whether this event says the answer is complete. */
    abstract boolean says(ServerSentEvent event);

    /** Whether an OpenAI stream event's data says the answer is complete: {@code [DONE]}, or a finish reason. */
    static boolean saysOpenAiFinished(String data) {
        if (data == null) {
            return false;
        }
        return data.strip().equals("[DONE]") || hasFinishReason(data);
    }

    /**
     * Whether a chunk has a {@code finish_reason} with a text value; most chunks carry {@code "finish_reason": null}.
     * Looked for by hand: this runs on every chunk of every answer.
     */
    private static boolean hasFinishReason(String data) {
        String key = "\"finish_reason\"";
        for (int at = data.indexOf(key); at >= 0; at = data.indexOf(key, at + 1)) {
            int i = skipSpaces(data, at + key.length());
            if (i < data.length() && data.charAt(i) == ':') {
                i = skipSpaces(data, i + 1);
                if (i + 1 < data.length() && data.charAt(i) == '"' && data.charAt(i + 1) != '"') {
                    return true;
                }
            }
        }
        return false;
    }

    private static int skipSpaces(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }
}
