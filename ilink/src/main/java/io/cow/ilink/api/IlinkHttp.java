package io.cow.ilink.api;

import io.cow.core.channel.kit.BoundedBody;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cow.core.net.NetworkException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The iLink transport: JSON over HTTP with the protocol's headers, and its error rule (HTTP 200 with a
 * non-zero {@code ret} or {@code errcode} is a failure; HTTP 400 and above is a transport error).
 */
public final class IlinkHttp {

    private static final byte[] EMPTY = new byte[0];

    private final HttpClient client;
    private final ClientIdentity identity;

    public IlinkHttp(HttpClient client, ClientIdentity identity) {
        this.client = client;
        this.identity = identity;
    }

    public ClientIdentity identity() {
        return identity;
    }

    /**
     * POSTs a bot call.
     *
     * @param token the bot token, or null for the calls made before login (no {@code Authorization},
     *              no {@code base_info})
     */
    public JsonNode post(String baseUrl, String path, String token, ObjectNode body, Duration timeout)
            throws IOException, InterruptedException, IlinkErrorException {
        if (token != null) {
            body.set("base_info", identity.baseInfo());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(baseUrl, path))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("AuthorizationType", "ilink_bot_token")
                .header("X-WECHAT-UIN", ClientIdentity.newWechatUin())
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body)));
        if (token != null && !token.isEmpty()) {
            request.header("Authorization", "Bearer " + token);
        }
        common(request);
        String call = callName(path);
        return parse(call, send(request.build(), timeout, call));
    }

    /** GETs a path with its query (only the QR status poll is a GET). */
    public JsonNode get(String baseUrl, String pathAndQuery, Duration timeout) throws IOException, InterruptedException, IlinkErrorException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(baseUrl, pathAndQuery)).timeout(timeout).GET();
        common(request);
        String call = callName(pathAndQuery);
        return parse(call, send(request.build(), timeout, call));
    }

    private void common(HttpRequest.Builder request) {
        request.header("iLink-App-Id", "bot").header("iLink-App-ClientVersion", identity.clientVersionNumber());
        if (!identity.routeTag().isEmpty()) {
            request.header("SKRouteTag", identity.routeTag());
        }
    }

    /** The largest answer read (a batch of updates is a few KB): a far larger one would fill the heap. */
    static final long MAX_BODY = 8L << 20;

    /** Sends and waits interruptibly (a plain {@code send} is not stopped by an interrupt on every JDK). */
    HttpResponse<byte[]> send(HttpRequest request, Duration timeout, String call) throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request, BoundedBody.bytes(MAX_BODY, "iLink's " + call));
        try {
            // The request timeout covers the wait for the answer's headers; the margin covers the body.
            return future.get(timeout.toMillis() + 10_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (TimeoutException e) {
            future.cancel(true);
            throw NetworkException.inWords(request.uri(), new HttpTimeoutException(call + " timed out after " + timeout.toMillis() + " ms"), client);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException timeoutException) {
                throw NetworkException.inWords(request.uri(), timeoutException, client);
            }
            if (cause instanceof IOException || cause instanceof UnresolvedAddressException) {
                throw new IOException(call + " failed: " + NetworkException.inWords(request.uri(), cause, client).getMessage(), cause);
            }
            throw new IOException(call + " failed: " + cause, cause);
        }
    }

    private static JsonNode parse(String call, HttpResponse<byte[]> response) throws IOException, IlinkErrorException {
        if (response.statusCode() >= 400) {
            throw new IlinkHttpException(call, response.statusCode(), response.headers().firstValue("x-error-message").orElse(""));
        }
        byte[] body = response.body() == null ? EMPTY : response.body();
        JsonNode json;
        try {
            json = body.length == 0 ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IOException(call + " answered something that is not JSON (HTTP " + response.statusCode() + ")", e);
        }
        if (json == null || !json.isObject()) {
            throw new IOException(call + " answered JSON that is not an object (HTTP " + response.statusCode() + ")");
        }
        int ret = json.path("ret").asInt(0);
        int errcode = json.path("errcode").asInt(0);
        if (ret != 0 || errcode != 0) {
            String errmsg = json.path("errmsg").asText("");
            if (ret == SessionExpiredException.CODE || errcode == SessionExpiredException.CODE) {
                throw new SessionExpiredException(call, ret, errcode, errmsg);
            }
            throw new IlinkErrorException(call, ret, errcode, errmsg);
        }
        return json;
    }

    /** {@code /ilink/bot/sendmessage} is named {@code sendmessage} in messages. */
    private static String callName(String path) {
        String name = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        return name.startsWith(IlinkApi.PREFIX) ? name.substring(IlinkApi.PREFIX.length()) : name;
    }

    static URI uri(String baseUrl, String path) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return URI.create(base + (path.startsWith("/") ? path : "/" + path));
    }
}
