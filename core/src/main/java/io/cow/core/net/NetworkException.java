package io.cow.core.net;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;

/**
 * A connection that failed, said in words a person can act on: the host and port it was for, the proxy it went
 * through, and why ("cannot reach api.openai.com:443: the host name could not be resolved (DNS)"). The JDK's own
 * exceptions often say none of this: an unknown host is a {@code ConnectException} with no message at all.
 */
public final class NetworkException extends IOException {

    private final String host;
    private final int port;

    private NetworkException(String message, String host, int port) {
        super(message);
        this.host = host;
        this.port = port;
    }

    /** The failure of a connection to this URL, through the proxy the settings chose for it. */
    public static NetworkException of(URI target, Throwable failure, Proxies proxies) {
        if (failure instanceof NetworkException known) {
            return known;
        }
        return of(target.getHost(), port(target), proxies.via(target), failure);
    }

    /**
     * The same failure with the host, port, proxy and cause in words as its message, of the kind callers test for: a
     * timeout stays an {@link HttpTimeoutException} (an {@link HttpConnectTimeoutException} when connecting), a refused or
     * failed connection, or an unknown host (which the JDK's client may throw unchecked), a {@link ConnectException};
     * anything else becomes a {@link NetworkException}.
     *
     * @param client the client that failed, whose proxy is named
     */
    public static IOException inWords(URI target, Throwable failure, HttpClient client) {
        if (failure instanceof NetworkException network) {
            return network;
        }
        String via = client.proxy().map(selector -> via(selector, target)).orElse("");
        String message = of(target.getHost(), port(target), via, failure).getMessage();
        IOException described;
        if (failure instanceof HttpConnectTimeoutException) {
            described = new HttpConnectTimeoutException(message);
        } else if (failure instanceof HttpTimeoutException) {
            described = new HttpTimeoutException(message);
        } else if (failure instanceof ConnectException || failure instanceof UnresolvedAddressException) {
            // The JDK's client may throw an unknown host unchecked, instead of as the connect failure it is.
            described = new ConnectException(message);
        } else {
            return of(target.getHost(), port(target), via, failure);
        }
        described.initCause(failure);
        return described;
    }

    private static String via(ProxySelector selector, URI target) {
        return selector.select(target).stream()
                .filter(proxy -> proxy.type() == Proxy.Type.HTTP && proxy.address() instanceof InetSocketAddress)
                .map(proxy -> (InetSocketAddress) proxy.address())
                .map(address -> " through the proxy " + address.getHostString() + ":" + address.getPort())
                .findFirst().orElse("");
    }

    private static int port(URI target) {
        String scheme = target.getScheme() == null ? "https" : target.getScheme().toLowerCase(Locale.ROOT);
        return target.getPort() >= 0 ? target.getPort() : scheme.equals("http") || scheme.equals("ws") ? 80 : 443;
    }

    /**
     * The failure of a connection to this host and port.
     *
     * @param via {@code " through the proxy host:port"}, or empty
     */
    public static NetworkException of(String host, int port, String via, Throwable failure) {
        String message = "cannot reach " + host + ":" + port + via + ": " + reason(failure);
        // The original goes with it as suppressed, not as its cause: libraries that report a failure by its root cause
        // (LangChain4j does) would otherwise report the JDK's wordless one again.
        NetworkException network = new NetworkException(message, host, port);
        network.addSuppressed(failure);
        return network;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** Why a connection failed, in words, from the first cause in the chain that says something. */
    public static String reason(Throwable failure) {
        boolean connecting = false;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String words = words(t);
            if (words != null) {
                return words;
            }
            connecting |= t instanceof ConnectException;
        }
        if (connecting) {
            // The JDK's client reports a refused connection as a ConnectException without a message (the channel closed).
            return "the connection could not be made (nothing listens on that port, or a firewall refuses it)";
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static String words(Throwable t) {
        String message = t.getMessage() == null ? "" : t.getMessage();
        String lower = message.toLowerCase(Locale.ROOT);
        if (t instanceof NetworkException) {
            return message.substring(message.indexOf(": ") + 2);
        }
        if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
            return "the host name could not be resolved (DNS)" + (message.isEmpty() ? "" : " (" + message + ")");
        }
        if (t instanceof HttpConnectTimeoutException || t instanceof SocketTimeoutException && lower.contains("connect")) {
            return "no connection within the connect timeout (a firewall may drop the packets)";
        }
        if (t instanceof HttpTimeoutException || t instanceof SocketTimeoutException) {
            return "no answer within the timeout" + (message.isEmpty() ? "" : " (" + message + ")");
        }
        if (t instanceof NoRouteToHostException) {
            return "no route to the host (the network is down or a firewall blocks it)";
        }
        if (lower.contains("connection refused")) {
            return "the connection was refused (nothing listens on that port, or a firewall refuses it)";
        }
        if (lower.contains("tunnel") && lower.contains("proxy")) {
            return lower.contains("407")
                    ? "the proxy asks for a login (HTTP 407): write it into the proxy URL, http://user:password@host:port"
                    : "the proxy would not open a tunnel (" + message + ")";
        }
        if (t instanceof SSLHandshakeException) {
            return "the TLS handshake failed (" + message + ")";
        }
        if (t instanceof SSLException) {
            return "TLS failed (" + message + ")";
        }
        if (lower.contains("connection reset")) {
            return "the connection was reset by the other side";
        }
        if (t instanceof EOFException || lower.contains("closed")) {
            return "the connection was closed before the answer was complete" + (message.isEmpty() ? "" : " (" + message + ")");
        }
        if (t instanceof ConnectException && !message.isEmpty()) {
            return "the connection failed (" + message + ")";
        }
        return null;
    }
}
