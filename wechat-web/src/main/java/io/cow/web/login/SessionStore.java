package io.cow.web.login;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cow.core.store.ChannelStateStore;
import io.cow.core.channel.kit.ChannelFailure;
import io.cow.web.http.CookieJar;
import io.cow.web.protocol.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/** Saves the session for hot login in the channel state store, and reads it back at the next start. */
public final class SessionStore {

    private static final Logger log = LoggerFactory.getLogger(SessionStore.class);
    static final String KEY = "session";
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final ChannelStateStore state;
    private final String channel;
    private final boolean enabled;
    private final String endpoint;
    private final Clock clock;
    private final Executor background;
    private final AtomicBoolean savePending = new AtomicBoolean();
    private volatile Session latest;
    private volatile CookieJar latestCookies;
    private volatile boolean warned;

    /**
     * @param enabled    false: nothing is saved and nothing is read (hot login off)
     * @param endpoint   the {@code web.endpoint} in use, empty for the real service
     * @param background where {@link #saveSoon} writes
     */
    public SessionStore(ChannelStateStore state, String channel, boolean enabled, String endpoint, Clock clock,
                        Executor background) {
        this.state = state;
        this.channel = channel;
        this.enabled = enabled;
        this.endpoint = endpoint;
        this.clock = clock;
        this.background = background;
    }

    /**
     * Saves the session in the background, off the message path; saves requested while one is waiting are
     * merged into it, and it writes the state as it is when it runs, so the last request is always covered.
     */
    public void saveSoon(Session session, CookieJar cookies) {
        if (!enabled) {
            return;
        }
        latest = session;
        latestCookies = cookies;
        if (savePending.compareAndSet(false, true)) {
            try {
                background.execute(() -> {
                    savePending.set(false);
                    save(latest, latestCookies);
                });
            } catch (RuntimeException e) {
                // The executor is shut down: the channel is closing and saves the session itself.
                savePending.set(false);
            }
        }
    }

    /** Saves the session now. */
    public synchronized void save(Session session, CookieJar cookies) {
        if (!enabled) {
            return;
        }
        try {
            state.put(channel, KEY, JSON.writeValueAsString(SavedSession.of(endpoint, session, cookies, clock.millis())));
            warned = false;
        } catch (JsonProcessingException | RuntimeException e) {
            // Losing the saved session only costs a QR scan at the next start: tell once, keep running.
            if (!warned) {
                warned = true;
                log.warn("⚠️ Could not save the web WeChat session for hot login: {}", ChannelFailure.describe(e));
            }
        }
    }

    /** Forgets the saved session (the owner logged out): the next start shows a QR code. */
    public synchronized void forget() {
        if (!enabled) {
            return;
        }
        try {
            state.put(channel, KEY, "");
        } catch (RuntimeException e) {
            log.warn("⚠️ Could not forget the saved web WeChat session: {}", ChannelFailure.describe(e));
        }
    }

    private static String service(String endpoint) {
        return endpoint.isEmpty() ? "the real web WeChat" : endpoint;
    }

    /** The saved session, if there is a readable one made with the same endpoint. */
    public Optional<SavedSession> load() {
        if (!enabled) {
            return Optional.empty();
        }
        Optional<String> text;
        try {
            text = state.get(channel, KEY);
        } catch (RuntimeException e) {
            log.warn("⚠️ Could not read the saved web WeChat session: {}", ChannelFailure.describe(e));
            return Optional.empty();
        }
        if (text.isEmpty() || text.get().isBlank()) {
            return Optional.empty();
        }
        try {
            SavedSession saved = JSON.readValue(text.get(), SavedSession.class);
            if (saved.version() != SavedSession.VERSION || saved.hosts() == null || saved.sid() == null) {
                log.info("The saved web WeChat session has an unknown format; ignoring it");
                return Optional.empty();
            }
            if (!saved.endpoint().equals(endpoint)) {
                log.info("The saved web WeChat session belongs to {}, not to {}; ignoring it",
                        service(saved.endpoint()), service(endpoint));
                return Optional.empty();
            }
            return Optional.of(saved);
        } catch (JsonProcessingException e) {
            log.warn("⚠️ The saved web WeChat session cannot be read ({}); ignoring it", e.getOriginalMessage());
            return Optional.empty();
        }
    }
}
