package io.cow.core.net;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A proxy as the {@code *_proxy} variables write it: {@code [scheme://][user[:password]@]host[:port]}.
 *
 * @param scheme   {@code http} (also when none is written), {@code https}, {@code socks5}, …; only {@code http} is usable
 * @param user     empty when the proxy needs no login
 * @param password empty when none is given
 */
public record ProxyAddress(String scheme, String host, int port, String user, String password) {

    /** Reads a proxy URL; fails with an {@link IllegalArgumentException} saying what is wrong. */
    public static ProxyAddress parse(String text) {
        String trimmed = text.strip();
        String withScheme = trimmed.contains("://") ? trimmed : "http://" + trimmed;
        URI uri;
        try {
            uri = new URI(withScheme);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a proxy URL: " + e.getReason());
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("no host in the proxy URL");
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : defaultPort(scheme);
        String user = "";
        String password = "";
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
        }
        return new ProxyAddress(scheme, uri.getHost(), port, user, password);
    }

    private static int defaultPort(String scheme) {
        return switch (scheme) {
            case "https" -> 443;
            case "socks", "socks4", "socks4a", "socks5", "socks5h" -> 1080;
            default -> 80;
        };
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** Whether the bot's clients can use it: they speak to HTTP proxies (CONNECT for https) only. */
    public boolean usable() {
        return scheme.equals("http");
    }

    public InetSocketAddress address() {
        return InetSocketAddress.createUnresolved(host, port);
    }

    /** {@code host:port}, for messages. */
    public String hostAndPort() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The URL with the password replaced, safe to print and log. */
    public String redacted() {
        String login = user.isEmpty() ? "" : user + (password.isEmpty() ? "" : ":***") + "@";
        return scheme + "://" + login + hostAndPort();
    }

    @Override
    public String toString() {
        return redacted();
    }
}
