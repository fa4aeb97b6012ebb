package io.cow.core.net;

import io.cow.core.config.ConfigException;
import io.cow.core.config.Setting;
import io.cow.core.config.Settings;

import java.io.IOException;
import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which proxy each outbound connection takes: the one place that reads the proxy settings. {@code proxy} wins;
 * else {@code https://} (and gRPC) connections take {@code HTTPS_PROXY}, {@code http://} ones {@code HTTP_PROXY},
 * each falling back to {@code ALL_PROXY}; hosts in {@code NO_PROXY}, localhost and loopback go direct. Every
 * HTTP client of the bot is built with {@link #applyTo}; the wechaty channel asks {@link #proxyFor(String, int)}.
 */
public final class Proxies {

    /** No proxy at all. */
    public static final Proxies NONE = new Proxies(null, null, new NoProxy(List.of()), List.of());

    private final Choice https;
    private final Choice http;
    private final NoProxy noProxy;
    private final List<String> warnings;

    /** A chosen proxy and the setting (or variable) it came from. */
    private record Choice(ProxyAddress proxy, String origin) {
    }

    private Proxies(Choice https, Choice http, NoProxy noProxy, List<String> warnings) {
        this.https = https;
        this.http = http;
        this.noProxy = noProxy;
        this.warnings = List.copyOf(warnings);
    }

    /**
     * The proxies the settings ask for; none when the settings do not declare {@link ProxySettings}.
     *
     * @throws ConfigException when a proxy set in the config file or on the command line cannot be used
     */
    public static Proxies from(Settings settings) {
        if (!settings.has(ProxySettings.PROXY)) {
            return NONE;
        }
        NoProxy noProxy = new NoProxy(settings.get(ProxySettings.NO_PROXY));
        String single = settings.get(ProxySettings.PROXY);
        if (single.equals(ProxySettings.DIRECT)) {
            return new Proxies(null, null, noProxy, List.of());
        }
        List<String> warnings = new ArrayList<>();
        if (!single.isEmpty()) {
            Choice choice = choose(settings, List.of(ProxySettings.PROXY), "connections", warnings);
            return new Proxies(choice, choice, noProxy, warnings);
        }
        Choice https = choose(settings, List.of(ProxySettings.HTTPS_PROXY, ProxySettings.ALL_PROXY), "https:// and gRPC connections", warnings);
        Choice http = choose(settings, List.of(ProxySettings.HTTP_PROXY, ProxySettings.ALL_PROXY), "http:// connections", warnings);
        return new Proxies(https, http, noProxy, warnings);
    }

    /** The first usable proxy of the candidates; an unusable one from the environment is skipped with a warning. */
    private static Choice choose(Settings settings, List<Setting<String>> candidates, String what, List<String> warnings) {
        for (Setting<String> candidate : candidates) {
            String text = settings.get(candidate);
            if (text.isEmpty()) {
                continue;
            }
            Settings.Value<?> value = settings.value(candidate);
            String origin = value.source() == Settings.Source.ENV ? value.origin().replace("environment variable ", "")
                    : "config key '" + candidate.key() + "'";
            ProxyAddress proxy = ProxyAddress.parse(text);
            if (proxy.usable()) {
                return new Choice(proxy, origin);
            }
            String problem = origin + " = " + proxy.redacted() + " is a " + proxy.scheme()
                    + " proxy; the bot's clients speak to HTTP proxies only (http://host:port; a CONNECT tunnel carries https)";
            if (value.source() != Settings.Source.ENV) {
                throw new ConfigException(problem);
            }
            warnings.add(problem + ", so " + what + " do not use it");
        }
        return null;
    }

    /** The proxy for a URL ({@code http}/{@code ws} take the http proxy, everything else the https one). */
    public Optional<ProxyAddress> proxyFor(URI uri) {
        String scheme = uri.getScheme() == null ? "https" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean plain = scheme.equals("http") || scheme.equals("ws");
        int port = uri.getPort() >= 0 ? uri.getPort() : plain ? 80 : 443;
        return choose(plain ? http : https, uri.getHost(), port);
    }

    /** The proxy for a TLS or gRPC connection to this host and port. */
    public Optional<ProxyAddress> proxyFor(String host, int port) {
        return choose(https, host, port);
    }

    private Optional<ProxyAddress> choose(Choice choice, String host, int port) {
        if (choice == null || host == null || noProxy.bypasses(host, port)) {
            return Optional.empty();
        }
        return Optional.of(choice.proxy());
    }

    /** A JDK proxy selector that follows these settings. */
    public ProxySelector selector() {
        return new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return List.of(proxyFor(uri).map(p -> new Proxy(Proxy.Type.HTTP, p.address())).orElse(Proxy.NO_PROXY));
            }

            @Override
            public void connectFailed(URI uri, SocketAddress proxy, IOException failure) {
                // Nothing to remember: there is only ever one proxy to try.
            }
        };
    }

    /** Answers the proxies' logins; empty when no proxy has one. */
    public Optional<Authenticator> authenticator() {
        List<ProxyAddress> withLogin = new ArrayList<>();
        for (Choice choice : new Choice[]{https, http}) {
            if (choice != null && !choice.proxy().user().isEmpty()) {
                withLogin.add(choice.proxy());
            }
        }
        if (withLogin.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                if (getRequestorType() != RequestorType.PROXY) {
                    return null;
                }
                return withLogin.stream()
                        .filter(p -> p.host().equalsIgnoreCase(getRequestingHost()) && p.port() == getRequestingPort())
                        .findFirst()
                        .map(p -> new PasswordAuthentication(p.user(), p.password().toCharArray()))
                        .orElse(null);
            }
        });
    }

    /** The builder, set to take these proxies (and answer their logins). */
    public HttpClient.Builder applyTo(HttpClient.Builder builder) {
        builder.proxy(selector());
        authenticator().ifPresent(builder::authenticator);
        return builder;
    }

    /** The proxies' passwords, to keep out of logs. */
    public List<String> passwords() {
        List<String> passwords = new ArrayList<>();
        for (Choice choice : new Choice[]{https, http}) {
            if (choice != null && !choice.proxy().password().isEmpty()) {
                passwords.add(choice.proxy().password());
            }
        }
        return passwords;
    }

    /** Proxies from the environment that cannot be used and are ignored. */
    public List<String> warnings() {
        return warnings;
    }

    /** The effective proxies in words, passwords redacted: what check-config prints. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("https:// and gRPC: " + describe(https));
        lines.add("http://: " + describe(http));
        if (https != null || http != null) {
            lines.add("direct: localhost, loopback addresses" + (noProxy.patterns().isEmpty() ? "" : ", " + String.join(", ", noProxy.patterns())));
        }
        return lines;
    }

    private static String describe(Choice choice) {
        return choice == null ? "direct" : choice.proxy().redacted() + " (from " + choice.origin() + ")";
    }

    /** {@code via proxy host:port} for messages about a connection to this URL, or empty when it goes direct. */
    public String via(URI uri) {
        return proxyFor(uri).map(p -> " through the proxy " + p.hostAndPort()).orElse("");
    }
}
