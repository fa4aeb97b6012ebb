package io.cow.web.http;

import io.cow.core.secret.Secrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.HttpCookie;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A domain-aware cookie jar: keeps what every host sets and sends each cookie to the hosts its domain covers
 * (a session's cookies must reach the push host too). It can be saved and restored for hot login, and every
 * value that could open the session is registered as a secret.
 */
public final class CookieJar {

    private static final Logger log = LoggerFactory.getLogger(CookieJar.class);

    /** Cookies that say nothing about the session, so they are not worth redacting. */
    private static final Set<String> HARMLESS = Set.of("mm_lang", "wxloadtime", "login_frequency", "last_wxuin", "wxuin");

    /**
     * One cookie.
     *
     * @param domain    the host (host-only) or the domain it is sent to, without a leading dot
     * @param expiresAt epoch milliseconds, or -1 for a session cookie
     */
    public record StoredCookie(String name, String value, String domain, boolean hostOnly, String path,
                               long expiresAt, boolean secure) {
    }

    private final Map<String, StoredCookie> cookies = new LinkedHashMap<>();

    /** Keeps the cookies of these {@code Set-Cookie} headers, received from this URL. */
    public synchronized void store(URI from, List<String> setCookieHeaders, long nowMillis) {
        String host = host(from);
        for (String header : setCookieHeaders) {
            List<HttpCookie> parsed;
            try {
                parsed = HttpCookie.parse(header);
            } catch (IllegalArgumentException e) {
                log.debug("Ignored a Set-Cookie header from {} that cannot be read: {}", host, e.getMessage());
                continue;
            }
            for (HttpCookie cookie : parsed) {
                store(host, cookie, nowMillis);
            }
        }
    }

    private void store(String host, HttpCookie cookie, long nowMillis) {
        boolean hostOnly = cookie.getDomain() == null || cookie.getDomain().isBlank();
        String domain = hostOnly ? host : stripDot(cookie.getDomain().toLowerCase(Locale.ROOT));
        if (!hostOnly && !domainMatches(host, domain)) {
            log.debug("Ignored cookie {} from {} for the unrelated domain {}", cookie.getName(), host, domain);
            return;
        }
        String path = cookie.getPath() == null || cookie.getPath().isBlank() ? "/" : cookie.getPath();
        String key = domain + ' ' + path + ' ' + cookie.getName();
        long maxAge = cookie.getMaxAge();
        if (maxAge == 0) {
            cookies.remove(key);
            return;
        }
        long expiresAt = maxAge < 0 ? -1 : nowMillis + maxAge * 1000;
        if (!HARMLESS.contains(cookie.getName())) {
            Secrets.register(cookie.getValue());
        }
        cookies.put(key, new StoredCookie(cookie.getName(), cookie.getValue(), domain, hostOnly, path, expiresAt,
                cookie.getSecure()));
    }

    /** The {@code Cookie} header for a request to this URL, if any cookie applies. */
    public synchronized Optional<String> header(URI to, long nowMillis) {
        String host = host(to);
        String path = to.getRawPath() == null || to.getRawPath().isEmpty() ? "/" : to.getRawPath();
        boolean https = "https".equalsIgnoreCase(to.getScheme());
        StringBuilder out = new StringBuilder();
        cookies.values().removeIf(c -> c.expiresAt() >= 0 && c.expiresAt() <= nowMillis);
        for (StoredCookie c : cookies.values()) {
            boolean hostOk = c.hostOnly() ? host.equals(c.domain()) : domainMatches(host, c.domain());
            if (hostOk && path.startsWith(c.path()) && (!c.secure() || https)) {
                if (!out.isEmpty()) {
                    out.append("; ");
                }
                out.append(c.name()).append('=').append(c.value());
            }
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(out.toString());
    }

    /** The value of the first cookie with this name, whatever its domain. */
    public synchronized Optional<String> value(String name) {
        return cookies.values().stream().filter(c -> c.name().equals(name)).map(StoredCookie::value).findFirst();
    }

    /** Every cookie, for saving the session. */
    public synchronized List<StoredCookie> all() {
        return new ArrayList<>(cookies.values());
    }

    /** Replaces the content with saved cookies. */
    public synchronized void restore(List<StoredCookie> saved) {
        cookies.clear();
        for (StoredCookie c : saved) {
            if (!HARMLESS.contains(c.name())) {
                Secrets.register(c.value());
            }
            cookies.put(c.domain() + ' ' + c.path() + ' ' + c.name(), c);
        }
    }

    public synchronized void clear() {
        cookies.clear();
    }

    private static boolean domainMatches(String host, String domain) {
        return host.equals(domain) || host.endsWith("." + domain);
    }

    private static String stripDot(String domain) {
        return domain.startsWith(".") ? domain.substring(1) : domain;
    }

    private static String host(URI uri) {
        return uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    }
}
