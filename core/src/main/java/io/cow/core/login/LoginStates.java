package io.cow.core.login;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The login state of every channel instance, and the one place to watch it: the QR code files and log, the owner
 * alerts and the console subscribe here instead of each hooking into the channels.
 */
public final class LoginStates {

    private static final Logger log = LoggerFactory.getLogger(LoginStates.class);

    private final Map<String, LoginState> current = new LinkedHashMap<>();
    private final List<LoginListener> listeners = new CopyOnWriteArrayList<>();

    /** Tells this listener every change from now on (not the states before). */
    public void subscribe(LoginListener listener) {
        listeners.add(listener);
    }

    /** The instance's state, if it has started. */
    public synchronized Optional<LoginState> current(String instance) {
        return Optional.ofNullable(current.get(instance));
    }

    /** Every instance's state, in the order they first reported. */
    public synchronized List<LoginState> all() {
        return new ArrayList<>(current.values());
    }

    /**
     * Records an instance's new state and tells every listener. Changes are told one at a time, in the order
     * they happened; a listener that fails is logged and the others are still told.
     */
    public synchronized void update(LoginState state) {
        LoginState previous = current.put(state.instance(), state);
        for (LoginListener listener : listeners) {
            try {
                listener.loginChanged(previous, state);
            } catch (RuntimeException e) {
                log.error("❌ A login listener failed on {} becoming {}: {}", state.instance(), state.status(), e.getMessage(), e);
            }
        }
    }
}
