package io.cow.web.protocol;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The base URLs of one session's hosts: login ({@code jslogin}, {@code login}), main (everything else),
 * push ({@code synccheck}) and file (media). Every URL the client calls is built from here, so one setting
 * ({@code web.endpoint}) can point all of them at a simulator.
 *
 * @param login  base of the login host, e.g. {@code https://login.wx2.qq.com}
 * @param main   base of the main host, e.g. {@code https://wx2.qq.com}
 * @param push   base of the push host, e.g. {@code https://webpush.wx2.qq.com}
 * @param file   base of the file host, e.g. {@code https://file.wx2.qq.com}
 */
public record Hosts(String login, String main, String push, String file) {

    /** Where API paths live on every host. */
    public static final String API = "/cgi-bin/mmwebwx-bin/";

    private static final String DEFAULT_MAIN = "wx.qq.com";
    /**
     * What a login QR code encodes, before the uuid: the phone's WeChat treats only this address as a login link, so
     * it is the same whatever {@code web.endpoint} says (a simulator serves the rest of the protocol).
     */
    public static final String QR_LOGIN_LINK = "https://login.weixin.qq.com/l/";

    /** The hosts to start a login with: the real ones, or every one the endpoint. */
    public static Hosts beforeLogin(Optional<String> endpoint) {
        return endpoint.map(Hosts::allAt).orElseGet(() -> new Hosts(
                "https://login.wx.qq.com", "https://" + DEFAULT_MAIN, "https://webpush.wx.qq.com",
                "https://file.wx.qq.com"));
    }

    /** Every host is this one base URL. */
    public static Hosts allAt(String endpoint) {
        String base = stripSlash(endpoint);
        return new Hosts(base, base, base, base);
    }

    /**
     * The hosts of a session whose login redirected to this URL: with an endpoint every host is the endpoint;
     * otherwise the redirect's host is the main host and the others follow the host table.
     */
    public static Hosts afterLogin(URI redirect, Optional<String> endpoint) {
        if (endpoint.isPresent()) {
            return allAt(endpoint.get());
        }
        String main = redirect.getHost() == null ? DEFAULT_MAIN : redirect.getHost().toLowerCase(Locale.ROOT);
        return forMainHost(main);
    }

    /**
     * The host table of the protocol: the first part a main host contains names its family; the family's hosts
     * are {@code login.}, {@code webpush.} and {@code file.} followed by the family.
     */
    private static final List<Map.Entry<String, String>> FAMILIES = List.of(
            Map.entry("wx2.qq.com", "wx2.qq.com"),
            Map.entry("wx8.qq.com", "wx8.qq.com"),
            Map.entry("qq.com", "wx.qq.com"),
            Map.entry("web2.wechat.com", "web2.wechat.com"),
            Map.entry("wechat.com", "web.wechat.com"));

    /** The hosts of a session on this main host, by the host table; a host it does not know uses weixin.qq.com's. */
    public static Hosts forMainHost(String mainHost) {
        for (Map.Entry<String, String> rule : FAMILIES) {
            if (mainHost.contains(rule.getKey())) {
                String family = rule.getValue();
                return new Hosts("https://login." + family, "https://" + mainHost, "https://webpush." + family,
                        "https://file." + family);
            }
        }
        return new Hosts("https://login.weixin.qq.com", "https://" + mainHost, "https://webpush.weixin.qq.com",
                "https://file.wx.qq.com");
    }

    /**
     * Where to fetch the login page the server redirected to: the redirect itself, or, with an endpoint, the
     * same path and query on the endpoint.
     */
    public static URI loginPage(URI redirect, Optional<String> endpoint) {
        if (endpoint.isEmpty()) {
            return redirect;
        }
        String raw = redirect.getRawPath() == null ? "" : redirect.getRawPath();
        int api = raw.indexOf(API);
        String path = api >= 0 ? raw.substring(api) : raw;
        String query = redirect.getRawQuery() == null ? "" : "?" + redirect.getRawQuery();
        return URI.create(stripSlash(endpoint.get()) + path + query);
    }

    /** The URL of an API on the login host. */
    public String loginApi(String name) {
        return login + API + name;
    }

    /** The URL of an API on the main host. */
    public String mainApi(String name) {
        return main + API + name;
    }

    /** The URL of an API on the file host (uploads and file downloads). */
    public String fileApi(String name) {
        return file + API + name;
    }

    /** The URL of an API on the push host. */
    public String pushApi(String name) {
        return push + API + name;
    }

    /** The text a login QR code encodes for this uuid: the phone's login link, also with an endpoint. */
    public static String qrCodeContent(String uuid) {
        return QR_LOGIN_LINK + uuid;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
