package io.cow.app.model;

import dev.langchain4j.http.client.sse.DefaultServerSentEventParser;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventContext;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/**
 * Turns the lines of an answer stream into events as they arrive, on the HTTP client's thread. LangChain4j's parsers
 * read a blocking {@code InputStream}, which would hold a thread per stream; this is the same parsing, pushed.
 * Server-sent events (what LangChain4j's default parser reads: OpenAI, Anthropic, Gemini) are parsed here, by the
 * standard's rules; any other parser (Ollama's, for its one JSON object per line) is handed the stream line by line.
 */
abstract class EventLines {

    /** Takes the next line (without its line break). */
    abstract void line(String line);

    /** The stream ended: an event still being collected is complete. */
    abstract void end();

    static EventLines of(ServerSentEventParser parser, ServerSentEventListener listener, ServerSentEventContext context) {
        return parser instanceof DefaultServerSentEventParser ? new Sse(listener, context) : new ByParser(parser, listener);
    }

    /** Server-sent events: {@code event:} and {@code data:} fields, an empty line ends an event, {@code :} a comment. */
    private static final class Sse extends EventLines {
        private final ServerSentEventListener listener;
        private final ServerSentEventContext context;
        /** The event's data when it is one line (nearly always: one JSON chunk), kept as it came, without a copy. */
        private String firstData;
        /** The event's data when it has more lines. */
        private final StringBuilder data = new StringBuilder();
        private String event;
        private boolean hasData;

        Sse(ServerSentEventListener listener, ServerSentEventContext context) {
            this.listener = listener;
            this.context = context;
        }

        @Override
        void line(String line) {
            if (line.isEmpty()) {
                dispatch();
                return;
            }
            if (line.startsWith("data:")) {
                int from = line.length() > 5 && line.charAt(5) == ' ' ? 6 : 5;
                if (!hasData) {
                    firstData = line.substring(from);
                } else {
                    if (data.length() == 0) {
                        data.append(firstData);
                    }
                    data.append('\n').append(line, from, line.length());
                }
                hasData = true;
            } else if (line.startsWith("event:")) {
                event = line.substring(6).strip();
            }
            // ':' comments (keep-alives), 'id:' and 'retry:' mean nothing to a model answer.
        }

        @Override
        void end() {
            dispatch();
        }

        private void dispatch() {
            if (hasData) {
                ServerSentEvent sse = new ServerSentEvent(event, data.length() == 0 ? firstData : data.toString());
                data.setLength(0);
                firstData = null;
                hasData = false;
                event = null;
                listener.onEvent(sse, context);
            } else {
                event = null;
            }
        }
    }

    /** Each line through the provider's own parser, which reads a line-delimited format. */
    private static final class ByParser extends EventLines {
        private final ServerSentEventParser parser;
        private final ServerSentEventListener listener;

        ByParser(ServerSentEventParser parser, ServerSentEventListener listener) {
            this.parser = parser;
            this.listener = listener;
        }

        @Override
        void line(String line) {
            if (!line.isBlank()) {
                parser.parse(new ByteArrayInputStream((line + "\n").getBytes(StandardCharsets.UTF_8)), listener);
            }
        }

        @Override
        void end() {
        }
    }
}
