package io.cow.web.login;

import java.util.Optional;

/** The login in use, if any; the send thread waits here while the bot is logged out. */
public final class CurrentLogin {

    private LoggedIn current;
    private boolean closed;

    public synchronized void set(LoggedIn login) {
        current = login;
        notifyAll();
    }

    public synchronized void clear() {
        current = null;
    }

    public synchronized Optional<LoggedIn> get() {
        return Optional.ofNullable(current);
    }

    /** Waits for a login other than {@code stale} (null: any); empty when closed first. */
    public synchronized Optional<LoggedIn> await(LoggedIn stale) throws InterruptedException {
        while (!closed && (current == null || current == stale)) {
            wait();
        }
        return closed ? Optional.empty() : Optional.of(current);
    }

    public synchronized void close() {
        closed = true;
        notifyAll();
    }
}
