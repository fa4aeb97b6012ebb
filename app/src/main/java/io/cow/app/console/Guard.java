package io.cow.app.console;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Runs before every request: sets the security headers, gives every visitor a session, and lets a request through
 * only when it may pass. Pages redirect to the sign-in page, everything else answers 401; while the password is
 * still to be set, only the setup page works; every state-changing request needs the session's CSRF token.
 */
final class Guard {

    /** Paths anyone may open: the app's shell and assets, and what signing in needs. */
    private static final Set<String> OPEN = Set.of("/signin", "/setup", "/api/session", "/api/signin", "/api/setup",
            "/favicon.svg");
    private static final String ASSETS = "/assets/";
    private static final Map<String, String> HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                    + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'",
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "no-referrer",
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()",
            "Cross-Origin-Opener-Policy", "same-origin",
            "Cross-Origin-Resource-Policy", "same-origin");

    private final Sessions sessions;
    private final ConsolePassword password;
    private final String metricsToken;
    private final boolean secureCookies;
    private final Set<String> pages;
    private final Set<String> localNames;

    /**
     * @param pages      the console's page paths (answered with a redirect to sign in)
     * @param localNames host names that reach this console from this machine (checked while no password is set, so
     *                   that another site cannot reach it through DNS rebinding)
     */
    Guard(Sessions sessions, ConsolePassword password, String metricsToken, boolean secureCookies, Set<String> pages,
          Set<String> localNames) {
        this.sessions = sessions;
        this.password = password;
        this.metricsToken = metricsToken;
        this.secureCookies = secureCookies;
        this.pages = pages;
        this.localNames = localNames;
    }

    void check(Context ctx) {
        HEADERS.forEach(ctx::header);
        String path = ctx.path();
        if (!path.startsWith(ASSETS)) {
            ctx.header("Cache-Control", "no-store");
        }
        if (!password.isSet() && !password.setupRequired() && !localHost(ctx.header("Host"))) {
            deny(ctx, 403, "This console answers only on this machine's own address (localhost).");
            return;
        }
        Sessions.Session session = session(ctx);
        ctx.attribute("session", session);
        if (ctx.method() != HandlerType.GET && ctx.method() != HandlerType.HEAD && !sameOriginWithToken(ctx, session)) {
            deny(ctx, 403, "This request lacks the console's CSRF token; reload the page.");
            return;
        }
        if (path.startsWith(ASSETS) || OPEN.contains(path)) {
            return;
        }
        if (path.equals("/metrics") && metricsTokenMatches(ctx.header("Authorization"))) {
            return;
        }
        if (password.setupRequired()) {
            refuse(ctx, path, "/setup", "Set the console's password first (see the setup link in the bot's log).");
        } else if (password.isSet() && !session.authenticated()) {
            refuse(ctx, path, "/signin", "Sign in first.");
        }
    }

    /** The visitor's session; a new one (with its cookie) for a visitor without. */
    private Sessions.Session session(Context ctx) {
        return sessions.find(ctx.cookie(Sessions.COOKIE)).orElseGet(() -> {
            Sessions.Session fresh = sessions.start(null, false);
            setCookie(ctx, fresh);
            return fresh;
        });
    }

    /** Sends the session cookie: HttpOnly and SameSite=Strict, Secure when the console is reached over https. */
    void setCookie(Context ctx, Sessions.Session session) {
        ctx.res().addHeader("Set-Cookie", Sessions.COOKIE + "=" + session.id() + "; Path=/; HttpOnly; SameSite=Strict"
                + (secureCookies ? "; Secure" : ""));
    }

    /** A session whose visitor counts as signed in: with a password, signed in; without one (on localhost), anyone. */
    boolean signedIn(Sessions.Session session) {
        return session.authenticated() || !password.isSet() && !password.setupRequired();
    }

    private boolean sameOriginWithToken(Context ctx, Sessions.Session session) {
        String origin = ctx.header("Origin");
        if (origin != null && !origin.equals("null")) {
            try {
                String originHost = URI.create(origin).getAuthority();
                if (originHost == null || !originHost.equalsIgnoreCase(ctx.header("Host"))) {
                    return false;
                }
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        String token = ctx.header(Sessions.CSRF_HEADER);
        return token != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                session.csrf().getBytes(StandardCharsets.UTF_8));
    }

    private boolean metricsTokenMatches(String authorization) {
        if (metricsToken.isEmpty() || authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8),
                metricsToken.getBytes(StandardCharsets.UTF_8));
    }

    private boolean localHost(String hostHeader) {
        if (hostHeader == null) {
            return false;
        }
        String host = hostHeader.toLowerCase(Locale.ROOT);
        int colon = host.lastIndexOf(':');
        if (colon > host.lastIndexOf(']')) {
            host = host.substring(0, colon);
        }
        return localNames.contains(host);
    }

    private void refuse(Context ctx, String path, String page, String message) {
        if (ctx.method() == HandlerType.GET && pages.contains(path)) {
            ctx.redirect(page + "?next=" + java.net.URLEncoder.encode(path, StandardCharsets.UTF_8));
            ctx.skipRemainingHandlers();
        } else {
            deny(ctx, 401, message);
        }
    }

    private static void deny(Context ctx, int status, String message) {
        ctx.status(status);
        Web.json(ctx, Map.of("error", message));
        ctx.skipRemainingHandlers();
    }

    /** How long a throttled client waits, in whole seconds, at least one. */
    static long seconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }
}
