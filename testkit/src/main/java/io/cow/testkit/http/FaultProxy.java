package io.cow.testkit.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy on 127.0.0.1 between a client and a server (a simulator), which can lose the server's answer: a
 * request is forwarded, the server does what it asks (a message is sent), and the client gets a gateway's 502 or 504,
 * or a connection dropped without an answer, as behind a failing load balancer. What a client does then decides
 * whether the user sees a message once, twice or never.
 */
public final class FaultProxy implements AutoCloseable {

    /** What the client gets instead of the server's answer. */
    public enum Fault {
        /** HTTP 502 from the "gateway". */
        BAD_GATEWAY,
        /** HTTP 504 from the "gateway". */
        GATEWAY_TIMEOUT,
        /** The connection closes without an answer. */
        DROP
    }

    private static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "content-length", "upgrade", "expect",
            "transfer-encoding", "keep-alive", "http2-settings", "te", "date");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fault-proxy");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    private final String target;
    private final Deque<Rule> rules = new ArrayDeque<>();
    private final AtomicInteger faultsDone = new AtomicInteger();

    private record Rule(String pathPart, Fault fault) {
    }

    private FaultProxy(String target) throws IOException {
        this.target = target.endsWith("/") ? target.substring(0, target.length() - 1) : target;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** A proxy to this server (a base URL such as {@code http://127.0.0.1:1234}). */
    public static FaultProxy start(String target) {
        try {
            return new FaultProxy(target);
        } catch (IOException e) {
            throw new IllegalStateException("could not start the fault proxy", e);
        }
    }

    /** The base URL to give the client in place of the server's. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next request whose path contains {@code pathPart} is forwarded, then answered with the fault (rules in order). */
    public synchronized FaultProxy afterForwarding(String pathPart, Fault fault) {
        rules.add(new Rule(pathPart, fault));
        return this;
    }

    /** How many answers were lost so far. */
    public int faultsDone() {
        return faultsDone.get();
    }

    private synchronized Fault faultFor(String path) {
        for (Rule rule : rules) {
            if (path.contains(rule.pathPart())) {
                rules.remove(rule);
                return rule.fault();
            }
        }
        return null;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(target + uri.getRawPath()
                            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())))
                    .timeout(Duration.ofMinutes(2))
                    .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
                if (!HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                    header.getValue().forEach(v -> forward.header(header.getKey(), v));
                }
            }
            HttpResponse<byte[]> answer;
            try {
                answer = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            Fault fault = faultFor(uri.getPath());
            if (fault != null) {
                faultsDone.incrementAndGet();
                lose(exchange, fault);
                return;
            }
            answer.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        }
    }

    private static void lose(HttpExchange exchange, Fault fault) throws IOException {
        if (fault == Fault.DROP) {
            // An exception from a handler makes the server close the connection without a word.
            throw new IOException("the fault proxy drops this connection");
        }
        byte[] page = ("<html><body>" + (fault == Fault.BAD_GATEWAY ? "502 Bad Gateway" : "504 Gateway Time-out")
                + "</body></html>").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(fault == Fault.BAD_GATEWAY ? 502 : 504, page.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(page);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
