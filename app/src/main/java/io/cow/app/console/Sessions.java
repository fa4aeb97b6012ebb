package io.cow.app.console;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The console's sessions, in memory (a restart logs everyone out): a random id in an HttpOnly, SameSite=Strict
 * cookie, and with it a CSRF token that every state-changing request must send back in a header. A visitor gets a
 * session before logging in, so that the login form is CSRF-protected too; logging in replaces it with a new one,
 * so an id planted before the login is worth nothing after it.
 */
final class Sessions {

    static final String COOKIE = "cow_session";
    static final String CSRF_HEADER = "X-CSRF-Token";
    static final Duration IDLE_LIMIT = Duration.ofHours(12);
    private static final int KEPT = 1_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One visitor's session. */
    record Session(String id, String csrf, boolean authenticated, Instant lastSeen) {
        Session seen(Instant now) {
            return new Session(id, csrf, authenticated, now);
        }
    }

    private final Clock clock;
    private final Map<String, Session> sessions = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Session> eldest) {
            return size() > KEPT;
        }
    };

    Sessions(Clock clock) {
        this.clock = clock;
    }

    /** The live session with this id, marked as seen now. */
    synchronized Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session session = sessions.get(id);
        Instant now = clock.instant();
        if (session == null || now.isAfter(session.lastSeen().plus(IDLE_LIMIT))) {
            sessions.remove(id);
            return Optional.empty();
        }
        Session seen = session.seen(now);
        sessions.put(id, seen);
        return Optional.of(seen);
    }

    /** A new session, replacing {@code old} (null for none). */
    synchronized Session start(String old, boolean authenticated) {
        if (old != null) {
            sessions.remove(old);
        }
        Session session = new Session(token(), token(), authenticated, clock.instant());
        sessions.put(session.id(), session);
        return session;
    }

    synchronized void end(String id) {
        sessions.remove(id);
    }

    /** Ends every session (after the password changed). */
    synchronized void endAll() {
        sessions.clear();
    }

    static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
