package io.cow.core.net;

import io.cow.core.config.Setting;
import io.cow.core.config.SettingType;
import io.cow.core.config.SettingTypes;

import java.util.List;

/**
 * The proxy settings every outbound connection follows (see {@link Proxies}): the environment's standard
 * {@code HTTPS_PROXY}, {@code HTTP_PROXY}, {@code ALL_PROXY} and {@code NO_PROXY}, each also a key, and
 * {@code proxy}, which overrides them all.
 */
public final class ProxySettings {

    /** The {@code proxy} value that turns every proxy off, also the environment's. */
    public static final String DIRECT = "direct";

    public static final Setting<String> PROXY = Setting.of("proxy", proxyUrl(true), "",
            "one HTTP proxy for every outbound connection (http://[user:password@]host:port), or 'direct' for none; "
                    + "empty: the environment's HTTPS_PROXY, HTTP_PROXY, ALL_PROXY");
    public static final Setting<String> HTTPS_PROXY = Setting.of("httpsProxy", proxyUrl(false), "",
            "HTTP proxy for https:// connections (and gRPC)").withEnv("HTTPS_PROXY", "https_proxy");
    public static final Setting<String> HTTP_PROXY = Setting.of("httpProxy", proxyUrl(false), "",
            "HTTP proxy for plain http:// connections").withEnv("HTTP_PROXY", "http_proxy");
    public static final Setting<String> ALL_PROXY = Setting.of("allProxy", proxyUrl(false), "",
            "HTTP proxy for connections the two above do not cover").withEnv("ALL_PROXY", "all_proxy");
    public static final Setting<List<String>> NO_PROXY = Setting.of("noProxy", SettingTypes.stringList(), List.of(),
            "hosts reached without a proxy: names (a name covers its subdomains), IP addresses, CIDR ranges, host:port, "
                    + "or * for all; localhost and loopback addresses are always direct").withEnv("NO_PROXY", "no_proxy");

    private ProxySettings() {
    }

    /** Every proxy setting, in the order check-config prints them. */
    public static List<Setting<?>> all() {
        return List.of(PROXY, HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY);
    }

    /** A proxy URL; shown with its password replaced. */
    private static SettingType<String> proxyUrl(boolean allowDirect) {
        return new SettingType<>() {
            @Override
            public String parse(Object raw) {
                String text = String.valueOf(raw).strip();
                if (text.isEmpty()) {
                    return "";
                }
                if (allowDirect && text.equalsIgnoreCase(DIRECT)) {
                    return DIRECT;
                }
                ProxyAddress.parse(text);
                return text;
            }

            @Override
            public String allowed() {
                return "a proxy URL such as http://127.0.0.1:7890 or http://user:password@proxy.example.com:3128"
                        + (allowDirect ? ", or 'direct'" : "");
            }

            @Override
            public String format(String value) {
                if (value == null || value.isEmpty() || value.equals(DIRECT)) {
                    return value == null ? "" : value;
                }
                return ProxyAddress.parse(value).redacted();
            }
        };
    }
}
