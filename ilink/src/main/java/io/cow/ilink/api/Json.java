package io.cow.ilink.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JSON mapper of the channel and the protocol's id rule: ids are uint64 and arrive as bare numbers,
 * often above 2^53, so they are read as exact decimal text and never pass through a double.
 */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Json() {
    }

    /** The id as exact decimal text, whether it came as a number or a string; empty when absent or zero. */
    public static String id(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "";
        }
        String text = node.isIntegralNumber() ? node.bigIntegerValue().toString() : node.asText("");
        return text.equals("0") ? "" : text;
    }

    /** A text field, empty when absent or not text. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : value.isNumber() ? value.asText() : "";
    }
}
