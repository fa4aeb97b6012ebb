package io.cow.wechaty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cow.core.net.NetworkException;
import io.cow.core.net.Proxies;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Finds a puppet service's {@code host:port} from its token, the way Wechaty's clients do when no endpoint is
 * configured: {@code GET https://<authority>/v0/hosties/<token>} answers {@code {"host": ..., "port": ...}}.
 */
final class EndpointDiscovery {

    /** The lookup did not give an endpoint; the message says why. */
    static final class DiscoveryException extends Exception {
        DiscoveryException(String message) {
            super(message);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private EndpointDiscovery() {
    }

    static String discover(String authority, String token, Duration timeout, Proxies proxies) throws DiscoveryException, InterruptedException {
        String base = authority.startsWith("http://") || authority.startsWith("https://") ? authority : "https://" + authority;
        base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        URI uri = URI.create(base + "/v0/hosties/" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        HttpClient client = proxies.applyTo(HttpClient.newBuilder()).connectTimeout(timeout).build();
        HttpResponse<String> response;
        try {
            response = client.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | UnresolvedAddressException e) {
            throw new DiscoveryException("could not look the service up at " + authority + ": "
                    + NetworkException.inWords(uri, e, client).getMessage()
                    + " (set wechaty.endpoint / WECHATY_PUPPET_SERVICE_ENDPOINT to host:port to skip the lookup)");
        }
        if (response.statusCode() / 100 == 4) {
            throw new DiscoveryException(authority + " knows no puppet service with this token (HTTP " + response.statusCode()
                    + "); check the token, or set wechaty.endpoint / WECHATY_PUPPET_SERVICE_ENDPOINT to host:port");
        }
        if (response.statusCode() / 100 != 2) {
            throw new DiscoveryException("looking the service up at " + authority + " failed with HTTP " + response.statusCode());
        }
        try {
            JsonNode body = JSON.readTree(response.body());
            String host = body.path("host").asText("");
            int port = body.path("port").asInt(0);
            if (host.isEmpty() || port <= 0 || port > 65535) {
                throw new DiscoveryException(authority + " answered without a usable host and port: " + abbreviate(response.body()));
            }
            return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
        } catch (IOException e) {
            throw new DiscoveryException(authority + " answered with something that is not JSON: " + abbreviate(response.body()));
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
