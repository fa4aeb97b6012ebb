package io.cow.app.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;

/** Small things every console handler does: JSON in and out. */
final class Web {

    static final ObjectMapper JSON = new ObjectMapper();

    private Web() {
    }

    static void json(Context ctx, Object body) {
        try {
            ctx.contentType("application/json; charset=utf-8").result(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the console's JSON", e);
        }
    }

    static JsonNode body(Context ctx) {
        try {
            JsonNode node = JSON.readTree(ctx.body());
            if (node == null || !node.isObject()) {
                throw new BadRequestResponse("expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadRequestResponse("expected a JSON object");
        }
    }

    /** A text field of the request's JSON body, or empty. */
    static String field(JsonNode body, String name) {
        JsonNode value = body.path(name);
        return value.isTextual() ? value.asText() : "";
    }
}
