package io.cow.core.control;

import io.cow.core.message.IncomingMessage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The owner's takeover: after the owner wrote in a chat by hand (the account's own message that the bot did not
 * send), the bot keeps quiet there for a while. Only transports that show the account's own messages (web, wechaty)
 * can see it; iLink cannot.
 */
final class Takeover {

    private final Duration quietFor;
    private final Clock clock;
    private final Map<String, Instant> quietUntil = new ConcurrentHashMap<>();

    Takeover(Duration quietFor, Clock clock) {
        this.quietFor = quietFor;
        this.clock = clock;
    }

    private static String key(IncomingMessage message) {
        return message.channel() + '\n' + message.chat().key();
    }

    /** The owner wrote this by hand. */
    boolean ownerWrote(IncomingMessage message) {
        if (quietFor.isZero()) {
            return false;
        }
        quietUntil.put(key(message), clock.instant().plus(quietFor));
        return true;
    }

    /** Until when the bot keeps quiet in the message's chat, if it does. */
    Optional<Instant> quietUntil(IncomingMessage message) {
        Instant until = quietUntil.get(key(message));
        if (until == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(until)) {
            quietUntil.remove(key(message), until);
            return Optional.empty();
        }
        return Optional.of(until);
    }

    /** {@code #resume}: the bot answers in the chat again. */
    boolean end(IncomingMessage message) {
        return quietUntil.remove(key(message)) != null;
    }

    void endAll() {
        quietUntil.clear();
    }
}
