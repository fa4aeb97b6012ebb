package io.cow.testkit.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request the simulator received, for tests to assert on.
 *
 * @param method   HTTP method
 * @param path     request path, e.g. {@code /cgi-bin/mmwebwx-bin/synccheck}
 * @param endpoint the endpoint's name: the last path segment ({@code synccheck}), {@code qrcode} or {@code l}
 * @param query    decoded query parameters
 * @param headers  headers, names in lower case
 * @param cookies  cookies the client sent
 * @param body     the raw body (UTF-8)
 * @param at       when it arrived
 */
public record SimRequest(String method, String path, String endpoint, Map<String, List<String>> query,
                         Map<String, String> headers, Map<String, String> cookies, String body, Instant at) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The first value of a query parameter, or null. */
    public String queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public String cookie(String name) {
        return cookies.get(name);
    }

    /** The body parsed as JSON, or null when it is not JSON. */
    public JsonNode json() {
        try {
            return body.isEmpty() ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
