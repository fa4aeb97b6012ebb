package io.cow.testkit.ilink;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * A request the simulator received.
 *
 * @param method  GET or POST
 * @param path    the path without query
 * @param query   the query string, or empty
 * @param port    the local port it arrived on (the main port or the redirect port)
 * @param headers header names in lower case
 * @param json    the body as JSON, or null (CDN uploads, GETs, malformed bodies)
 */
public record RecordedCall(String method, String path, String query, int port, Map<String, String> headers, JsonNode json) {

    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
}
