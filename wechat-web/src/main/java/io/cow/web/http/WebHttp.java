package io.cow.web.http;

import io.cow.core.channel.kit.BoundedBody;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cow.core.net.NetworkException;
import io.cow.core.net.Proxies;
import io.cow.web.protocol.MalformedResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * HTTP as the web protocol needs it: one client with a cookie jar shared by every host, no automatic
 * redirects (the login page may answer 301 with the credentials in its body), a browser User-Agent, and
 * request timeouts set per call. Logs only the method and path (queries carry session keys).
 */
public final class WebHttp {

    private static final Logger log = LoggerFactory.getLogger(WebHttp.class);
    /** Shared by the channel: the protocol's JSON, read leniently. */
    public static final ObjectMapper JSON = new ObjectMapper();

    /**
     * An answer.
     *
     * @param status the HTTP status, below 400
     * @param body   the body as UTF-8 text
     */
    public record Response(int status, String body) {

        /** The body as JSON; fails as a malformed response when it is not. */
        public JsonNode json(String what) throws MalformedResponseException {
            try {
                JsonNode node = JSON.readTree(body);
                if (node == null || !node.isObject()) {
                    throw new MalformedResponseException(what + " answered something that is not a JSON object", body);
                }
                return node;
            } catch (JsonProcessingException e) {
                throw new MalformedResponseException(what + " answered something that is not JSON", body, e);
            }
        }
    }

    private final HttpClient client;
    private final CookieJar cookies;
    private final String userAgent;
    private final Clock clock;

    public WebHttp(CookieJar cookies, String userAgent, Duration connectTimeout, Proxies proxies, Clock clock) {
        this.cookies = cookies;
        this.userAgent = userAgent;
        this.clock = clock;
        this.client = proxies.applyTo(HttpClient.newBuilder())
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .build();
    }

    public CookieJar cookies() {
        return cookies;
    }

    /** GETs a URL; fails with {@link HttpStatusException} on a status of 400 or more. */
    public Response get(String url, Duration timeout, Map<String, String> headers) throws IOException, InterruptedException {
        return send(request(url, timeout, headers).GET().build());
    }

    /** POSTs a JSON body; fails with {@link HttpStatusException} on a status of 400 or more. */
    public Response postJson(String url, Object body, Duration timeout, Map<String, String> headers)
            throws IOException, InterruptedException {
        byte[] json = JSON.writeValueAsBytes(body);
        return send(request(url, timeout, headers)
                .header("Content-Type", "application/json;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json))
                .build());
    }

    /**
     * GETs media as a stream (never whole in memory); fails on a status of 400 or more and on an HTML page, which is
     * how an expired session answers instead of the media.
     */
    public java.io.InputStream download(String url, Duration timeout, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest request = request(url, timeout, headers).GET().build();
        String what = "GET " + request.uri().getPath();
        HttpResponse<java.io.InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        cookies.store(request.uri(), response.headers().allValues("set-cookie"), clock.millis());
        log.debug("{} → HTTP {}", what, response.statusCode());
        if (response.statusCode() >= 400) {
            response.body().close();
            throw new HttpStatusException(what, response.statusCode());
        }
        if (response.headers().firstValue("content-type").orElse("").startsWith("text/html")) {
            response.body().close();
            throw new IOException(what + " answered a web page instead of the media (the session may have ended)");
        }
        return response.body();
    }

    /** POSTs a multipart form; fails with {@link HttpStatusException} on a status of 400 or more. */
    public Response postMultipart(String url, String boundary, HttpRequest.BodyPublisher body, Duration timeout,
                                  Map<String, String> headers) throws IOException, InterruptedException {
        return send(request(url, timeout, headers)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(body)
                .build());
    }

    private HttpRequest.Builder request(String url, Duration timeout, Map<String, String> headers) {
        URI uri = URI.create(url);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("User-Agent", userAgent)
                .header("Accept", "*/*");
        headers.forEach(builder::header);
        cookies.header(uri, clock.millis()).ifPresent(c -> builder.header("Cookie", c));
        return builder;
    }

    /**
     * The largest answer read: the contact list of a big account is a few MB; a body far larger would fill the
     * heap (and end the process) before it could be parsed.
     */
    static final long MAX_BODY = 16L << 20;

    private Response send(HttpRequest request) throws IOException, InterruptedException {
        long started = System.nanoTime();
        String what = request.method() + " " + request.uri().getPath();
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, BoundedBody.bytes(MAX_BODY, "web WeChat's " + request.uri().getPath()));
        } catch (IOException | UnresolvedAddressException e) {
            log.debug("{} failed after {} ms: {}", what, (System.nanoTime() - started) / 1_000_000, e.toString());
            throw NetworkException.inWords(request.uri(), e, client);
        }
        cookies.store(request.uri(), response.headers().allValues("set-cookie"), clock.millis());
        log.debug("{} → HTTP {} in {} ms", what, response.statusCode(), (System.nanoTime() - started) / 1_000_000);
        if (response.statusCode() >= 400) {
            throw new HttpStatusException(what, response.statusCode());
        }
        return new Response(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
    }
}
