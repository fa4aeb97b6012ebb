package io.cow.app.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows password guessing down: a client (by address) that failed {@link #FREE_FAILURES} times within
 * {@link #WINDOW} is refused until the oldest of those failures leaves the window, whatever it sends, even the right
 * password. A success clears its failures.
 */
final class LoginThrottle {

    static final int FREE_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(15);
    private static final int CLIENTS_KEPT = 10_000;

    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
            return size() > CLIENTS_KEPT;
        }
    };

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long the client must wait before it may try again; zero when it may try now. */
    synchronized Duration waitBeforeTrying(String client) {
        Deque<Instant> recent = recent(client);
        if (recent.size() < FREE_FAILURES) {
            return Duration.ZERO;
        }
        return Duration.between(clock.instant(), recent.peekFirst().plus(WINDOW));
    }

    synchronized void failed(String client) {
        recent(client).addLast(clock.instant());
    }

    synchronized void succeeded(String client) {
        failures.remove(client);
    }

    private Deque<Instant> recent(String client) {
        Deque<Instant> recent = failures.computeIfAbsent(client, c -> new ArrayDeque<>());
        Instant since = clock.instant().minus(WINDOW);
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(since)) {
            recent.removeFirst();
        }
        while (recent.size() > FREE_FAILURES) {
            recent.removeFirst();
        }
        return recent;
    }
}
