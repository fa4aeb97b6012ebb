package io.cow.testkit.models;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request one of the fake model APIs received, read the way that provider's API reads it, for tests to assert on.
 *
 * @param api       which API it went to
 * @param path      the request path, with its query
 * @param headers   headers, names in lower case
 * @param json      the body
 * @param model     the model (or Azure deployment) asked
 * @param system    the system prompt, empty when none was sent
 * @param messages  the conversation, oldest first, roles as the API names them
 * @param streaming whether a stream was asked for
 */
public record ModelRequest(ModelApi api, String path, Map<String, String> headers, JsonNode json, String model, String system,
                           List<Message> messages, boolean streaming) {

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The text of the last user message. */
    public String lastUserMessage() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role().equals("user")) {
                return messages.get(i).text();
            }
        }
        return "";
    }

    /** One message of the conversation. */
    public record Message(String role, String text) {
    }
}
