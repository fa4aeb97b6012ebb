package io.cow.core.net;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The hosts reached without a proxy, read as Go's and curl's {@code NO_PROXY} are: {@code *} for all; a name
 * covers itself and its subdomains (a leading {@code .} or {@code *.} changes nothing); an IP address or a CIDR
 * range; any of them with {@code :port} for that port only. Localhost and loopback addresses are always direct,
 * as in Go: a proxy elsewhere cannot reach this machine's own services (a local model server, say).
 * No library does this for the JDK's {@link java.net.ProxySelector}, whose own {@code http.nonProxyHosts} has
 * another syntax.
 */
final class NoProxy {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private record Entry(String host, int prefixBits, int port) {
    }

    private final List<String> patterns;
    private final List<Entry> entries;
    private final boolean all;

    NoProxy(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
        this.all = patterns.stream().anyMatch(p -> p.strip().equals("*"));
        this.entries = patterns.stream().map(String::strip).filter(p -> !p.isEmpty() && !p.equals("*"))
                .map(NoProxy::entry).toList();
    }

    /** The patterns as written. */
    List<String> patterns() {
        return patterns;
    }

    private static Entry entry(String pattern) {
        String text = pattern.toLowerCase(Locale.ROOT);
        int port = -1;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close > 0 && text.startsWith(":", close + 1)) {
                port = parsePort(text.substring(close + 2));
            }
            text = text.substring(1, close > 0 ? close : text.length());
        } else if (text.indexOf(':') == text.lastIndexOf(':') && text.indexOf(':') > 0) {
            port = parsePort(text.substring(text.indexOf(':') + 1));
            text = text.substring(0, text.indexOf(':'));
        }
        int bits = -1;
        int slash = text.indexOf('/');
        if (slash > 0) {
            bits = parsePort(text.substring(slash + 1));
            text = text.substring(0, slash);
        }
        if (text.startsWith("*.")) {
            text = text.substring(2);
        } else if (text.startsWith(".")) {
            text = text.substring(1);
        }
        return new Entry(text, bits, port);
    }

    private static int parsePort(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Whether a connection to this host and port goes direct. */
    boolean bypasses(String host, int port) {
        String name = unbracket(host.toLowerCase(Locale.ROOT));
        if (all || isLocal(name)) {
            return true;
        }
        Optional<byte[]> ip = literalIp(name);
        for (Entry entry : entries) {
            if (entry.port >= 0 && entry.port != port) {
                continue;
            }
            if (entry.prefixBits >= 0) {
                if (ip.isPresent() && inRange(ip.get(), entry)) {
                    return true;
                }
            } else if (name.equals(entry.host) || ip.isEmpty() && name.endsWith("." + entry.host)) {
                return true;
            } else if (ip.isPresent() && literalIp(entry.host).map(e -> java.util.Arrays.equals(e, ip.get())).orElse(false)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLocal(String name) {
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            return true;
        }
        return literalIp(name).map(NoProxy::isLoopback).orElse(false);
    }

    private static boolean isLoopback(byte[] ip) {
        try {
            return InetAddress.getByAddress(ip).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean inRange(byte[] ip, Entry entry) {
        Optional<byte[]> network = literalIp(entry.host);
        if (network.isEmpty() || network.get().length != ip.length || entry.prefixBits > ip.length * 8) {
            return false;
        }
        int shift = ip.length * 8 - entry.prefixBits;
        return new BigInteger(1, ip).shiftRight(shift).equals(new BigInteger(1, network.get()).shiftRight(shift));
    }

    /** The bytes of an IPv4 or IPv6 literal, without any name lookup; empty for a host name. */
    private static Optional<byte[]> literalIp(String text) {
        boolean v4 = IPV4.matcher(text).matches()
                && java.util.Arrays.stream(text.split("\\.")).allMatch(octet -> Integer.parseInt(octet) <= 255);
        if (!v4 && !text.contains(":")) {
            return Optional.empty();
        }
        try {
            // Only literals get here, so this parses and never asks DNS.
            return Optional.of(InetAddress.getByName(text).getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
