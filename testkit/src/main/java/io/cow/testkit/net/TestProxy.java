package io.cow.testkit.net;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small HTTP proxy on 127.0.0.1 for tests, as the bot meets one in the wild: plain requests in absolute form
 * ({@code GET http://host/...}) and {@code CONNECT host:port} tunnels, an optional Basic login, and a record of every
 * request. Host names are routed to local ports by the test ("model.test" → the fake model's port), so a request that
 * reached its server must have come through the proxy: the names resolve nowhere else. With {@link #interceptTls} the
 * proxy ends the TLS of a tunnel itself (with the test's certificate) and passes plain HTTP on, so a plain local server
 * can stand for an https one. A thread per connection: a test tool, not a product.
 */
public final class TestProxy implements AutoCloseable {

    private final ServerSocket server;
    private final Map<String, Integer> routes = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile String login;
    private volatile SSLContext tls;

    private TestProxy(ServerSocket server) {
        this.server = server;
    }

    /** Starts a proxy on 127.0.0.1, an ephemeral port. */
    public static TestProxy start() {
        try {
            TestProxy proxy = new TestProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
            Thread accept = new Thread(proxy::acceptLoop, "test-proxy");
            accept.setDaemon(true);
            accept.start();
            return proxy;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the test proxy", e);
        }
    }

    /** Requests for this host go to 127.0.0.1 at this port. */
    public TestProxy route(String host, int port) {
        routes.put(host.toLowerCase(Locale.ROOT), port);
        return this;
    }

    /** Requests without this Basic login are answered 407. */
    public TestProxy requireLogin(String user, String password) {
        login = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** Tunnels are TLS-terminated here with this server context and go on as plain HTTP. */
    public TestProxy interceptTls(SSLContext serverContext) {
        tls = serverContext;
        return this;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** {@code http://127.0.0.1:<port>}, for HTTPS_PROXY and friends. */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** Every request taken, in order: {@code CONNECT host:port} or {@code METHOD http://host:port/path}. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** How many requests were for this host. */
    public long count(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return requests.stream().filter(r -> hostOf(r).equals(lower)).count();
    }

    private static String hostOf(String request) {
        String target = request.substring(request.indexOf(' ') + 1);
        if (request.startsWith("CONNECT ")) {
            return target.substring(0, target.lastIndexOf(':')).toLowerCase(Locale.ROOT);
        }
        String host = URI.create(target).getHost();
        return host == null ? "" : host.toLowerCase(Locale.ROOT);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                Thread handler = new Thread(() -> handle(client), "test-proxy-connection");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    throw new IllegalStateException("test proxy accept failed", e);
                }
            }
        }
    }

    private void handle(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            List<String> head = readHead(in);
            if (head.isEmpty()) {
                return;
            }
            String[] requestLine = head.get(0).split(" ");
            String method = requestLine[0];
            String target = requestLine[1];
            requests.add(method + " " + target);
            if (login != null && head.stream().noneMatch(h -> h.equalsIgnoreCase("Proxy-Authorization: Basic " + login))) {
                reply(client, "407 Proxy Authentication Required", "Proxy-Authenticate: Basic realm=\"test\"\r\n");
                return;
            }
            if (method.equals("CONNECT")) {
                tunnel(client, target);
            } else {
                forward(client, method, URI.create(target), head);
            }
        } catch (IOException e) {
            // a connection the client or the server ended; a test sees its effect in what was (not) answered
        }
    }

    private Integer backendPort(String host) {
        return routes.get(host.toLowerCase(Locale.ROOT));
    }

    private void tunnel(Socket client, String target) throws IOException {
        Integer port = backendPort(target.substring(0, target.lastIndexOf(':')));
        if (port == null) {
            reply(client, "502 Bad Gateway", "");
            return;
        }
        try (Socket backend = new Socket(InetAddress.getLoopbackAddress(), port)) {
            open.add(backend);
            client.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            client.getOutputStream().flush();
            Socket inner = client;
            if (tls != null) {
                SSLSocket terminated = (SSLSocket) tls.getSocketFactory().createSocket(client, null, true);
                terminated.setUseClientMode(false);
                terminated.startHandshake();
                inner = terminated;
            }
            pipe(inner, backend);
        }
    }

    private void forward(Socket client, String method, URI target, List<String> head) throws IOException {
        Integer port = target.getHost() == null ? null : backendPort(target.getHost());
        if (port == null) {
            reply(client, "502 Bad Gateway", "");
            return;
        }
        try (Socket backend = new Socket(InetAddress.getLoopbackAddress(), port)) {
            open.add(backend);
            StringBuilder request = new StringBuilder(method).append(' ').append(target.getRawPath().isEmpty() ? "/" : target.getRawPath());
            if (target.getRawQuery() != null) {
                request.append('?').append(target.getRawQuery());
            }
            request.append(" HTTP/1.1\r\n");
            for (String header : head.subList(1, head.size())) {
                String name = header.substring(0, Math.max(0, header.indexOf(':'))).toLowerCase(Locale.ROOT);
                if (!name.startsWith("proxy-") && !name.equals("connection")) {
                    request.append(header).append("\r\n");
                }
            }
            // One request per connection: the client may send the next one for another host on a kept-alive proxy connection.
            request.append("Connection: close\r\n\r\n");
            backend.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            backend.getOutputStream().flush();
            pipe(client, backend);
        }
    }

    /** Copies both ways until the server's side ends. */
    private static void pipe(Socket client, Socket backend) throws IOException {
        Thread up = new Thread(() -> copy(client, backend), "test-proxy-up");
        up.setDaemon(true);
        up.start();
        copy(backend, client);
    }

    private static void copy(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
            to.getOutputStream().flush();
            to.shutdownOutput();
        } catch (IOException | UnsupportedOperationException e) {
            // one side closed; the other copy ends with it
        }
    }

    private static void reply(Socket client, String status, String headers) throws IOException {
        OutputStream out = client.getOutputStream();
        out.write(("HTTP/1.1 " + status + "\r\n" + headers + "Content-Length: 0\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** The request line and headers, up to the empty line. */
    private static List<String> readHead(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (b == '\n' && previous == '\r') {
                byte[] bytes = line.toByteArray();
                String text = new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
                if (text.isEmpty()) {
                    return lines;
                }
                lines.add(text);
                line.reset();
            } else {
                line.write(b);
            }
            previous = b;
        }
        return lines;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new IllegalStateException("cannot close the test proxy", e);
        } finally {
            for (Socket socket : open) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // closing what is left; the test is over
                }
            }
        }
    }
}
