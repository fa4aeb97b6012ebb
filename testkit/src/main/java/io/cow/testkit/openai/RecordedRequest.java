package io.cow.testkit.openai;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A request the fake received, for tests to assert on.
 *
 * @param method  HTTP method
 * @param path    request path
 * @param headers headers, names in lower case
 * @param body    the raw body
 * @param json    the body parsed as JSON, or null when it is not JSON
 */
public record RecordedRequest(String method, String path, Map<String, String> headers, String body, JsonNode json) {

    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    /** The {@code messages} of a chat completion request as (role, content) pairs. */
    public List<Message> messages() {
        List<Message> out = new ArrayList<>();
        if (json != null && json.has("messages")) {
            for (JsonNode m : json.get("messages")) {
                out.add(new Message(m.path("role").asText(), contentText(m.path("content"))));
            }
        }
        return out;
    }

    /** The content of the last user message, or empty. */
    public String lastUserMessage() {
        List<Message> messages = messages();
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role().equals("user")) {
                return messages.get(i).content();
            }
        }
        return "";
    }

    public boolean streaming() {
        return json != null && json.path("stream").asBoolean(false);
    }

    private static String contentText(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            text.append(part.path("text").asText(""));
        }
        return text.toString();
    }

    /** One chat message of a request. */
    public record Message(String role, String content) {
    }
}
