package io.cow.app.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Signing in and out, and setting the password with the one-time setup token. */
final class SignIn {

    private static final Logger log = LoggerFactory.getLogger(SignIn.class);
    static final int MIN_PASSWORD = 8;

    private final Sessions sessions;
    private final ConsolePassword password;
    private final LoginThrottle throttle;
    private final Guard guard;
    private final String version;

    SignIn(Sessions sessions, ConsolePassword password, LoginThrottle throttle, Guard guard, String version) {
        this.sessions = sessions;
        this.password = password;
        this.throttle = throttle;
        this.guard = guard;
        this.version = version;
    }

    void routes(RoutesConfig routes) {
        routes.get("/api/session", this::session);
        routes.post("/api/signin", this::signIn);
        routes.post("/api/signout", this::signOut);
        routes.post("/api/setup", this::setup);
    }

    private void session(Context ctx) {
        Sessions.Session session = ctx.attribute("session");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("signedIn", guard.signedIn(session));
        out.put("passwordSet", password.isSet());
        out.put("setupRequired", password.setupRequired());
        out.put("csrf", session.csrf());
        out.put("version", version);
        Web.json(ctx, out);
    }

    private void signIn(Context ctx) {
        String client = ctx.ip();
        Duration wait = throttle.waitBeforeTrying(client);
        if (!wait.isZero() && !wait.isNegative()) {
            long seconds = Guard.seconds(wait);
            ctx.status(429).header("Retry-After", String.valueOf(seconds));
            Web.json(ctx, Map.of("error", "Too many wrong passwords; try again in " + seconds + " s.", "retryAfter", seconds));
            return;
        }
        String attempt = Web.field(Web.body(ctx), "password");
        if (!password.matches(attempt)) {
            throttle.failed(client);
            log.warn("⚠️ Console: wrong password from {}", client);
            ctx.status(401);
            Web.json(ctx, Map.of("error", "Wrong password."));
            return;
        }
        throttle.succeeded(client);
        startSignedIn(ctx);
        log.info("🔓 Console: signed in from {}", client);
    }

    private void signOut(Context ctx) {
        Sessions.Session session = ctx.attribute("session");
        sessions.end(session.id());
        Sessions.Session fresh = sessions.start(null, false);
        guard.setCookie(ctx, fresh);
        Web.json(ctx, Map.of("csrf", fresh.csrf()));
    }

    private void setup(Context ctx) {
        JsonNode body = Web.body(ctx);
        if (!password.setupRequired()) {
            ctx.status(409);
            Web.json(ctx, Map.of("error", "The password is already set."));
            return;
        }
        String client = ctx.ip();
        Duration wait = throttle.waitBeforeTrying(client);
        if (!wait.isZero() && !wait.isNegative()) {
            ctx.status(429).header("Retry-After", String.valueOf(Guard.seconds(wait)));
            Web.json(ctx, Map.of("error", "Too many wrong tokens; try again later.", "retryAfter", Guard.seconds(wait)));
            return;
        }
        if (!password.isSetupToken(Web.field(body, "token"))) {
            throttle.failed(client);
            ctx.status(401);
            Web.json(ctx, Map.of("error", "This setup link is not valid; use the one from the bot's log."));
            return;
        }
        String chosen = Web.field(body, "password");
        if (chosen.length() < MIN_PASSWORD) {
            ctx.status(400);
            Web.json(ctx, Map.of("error", "Choose a password of at least " + MIN_PASSWORD + " characters."));
            return;
        }
        password.set(chosen);
        sessions.endAll();
        startSignedIn(ctx);
        log.info("🔑 Console: the password was set from {}; the setup link no longer works", client);
    }

    private void startSignedIn(Context ctx) {
        Sessions.Session old = ctx.attribute("session");
        Sessions.Session session = sessions.start(old == null ? null : old.id(), true);
        guard.setCookie(ctx, session);
        Web.json(ctx, Map.of("csrf", session.csrf()));
    }
}
