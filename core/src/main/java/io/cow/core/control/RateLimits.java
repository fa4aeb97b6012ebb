package io.cow.core.control;

import io.cow.core.message.IncomingMessage;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets per chat and per person: each holds the rate's count and refills evenly over its span. A question
 * takes one token from both; when either is empty the question waits (how long is returned) or is dropped.
 */
final class RateLimits {

    private final Rate perChat;
    private final Rate perPerson;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        private final double capacity;
        private final double perNano;
        private double tokens;
        private long at;

        Bucket(Rate rate, long now) {
            this.capacity = rate.count();
            this.perNano = rate.count() / (double) rate.per().toNanos();
            this.tokens = capacity;
            this.at = now;
        }

        /** Nanoseconds until a token is there; 0 if there is one now. */
        long nanosUntilToken(long now) {
            tokens = Math.min(capacity, tokens + (now - at) * perNano);
            at = Math.max(at, now);
            return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / perNano);
        }

        /** Takes a token, in advance if there is none yet: nanoseconds until it is there (after {@link #nanosUntilToken}). */
        long reserve() {
            tokens -= 1;
            return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / perNano);
        }
    }

    RateLimits(Rate perChat, Rate perPerson, Clock clock) {
        this.perChat = perChat;
        this.perPerson = perPerson;
        this.clock = clock;
    }

    boolean any() {
        return perChat.limited() || perPerson.limited();
    }

    /**
     * Takes a token for the question if both buckets have one.
     *
     * @param queue take it even when a bucket is empty (its count goes below zero): the question then waits the
     *              returned time, after those queued before it
     * @return empty when taken at once; else how long until it may go, and which limit holds it
     */
    synchronized Optional<Wait> take(IncomingMessage message, boolean queue) {
        long now = clock.millis() * 1_000_000L;
        Bucket chat = perChat.limited() ? buckets.computeIfAbsent("chat\n" + message.channel() + '\n' + message.chat().key(),
                k -> new Bucket(perChat, now)) : null;
        Bucket person = perPerson.limited() ? buckets.computeIfAbsent("person\n" + message.channel() + '\n' + message.sender().key(),
                k -> new Bucket(perPerson, now)) : null;
        long chatWait = chat == null ? 0 : chat.nanosUntilToken(now);
        long personWait = person == null ? 0 : person.nanosUntilToken(now);
        if (queue) {
            chatWait = chat == null ? 0 : chat.reserve();
            personWait = person == null ? 0 : person.reserve();
            if (chatWait == 0 && personWait == 0) {
                return Optional.empty();
            }
        } else if (chatWait == 0 && personWait == 0) {
            if (chat != null) {
                chat.tokens--;
            }
            if (person != null) {
                person.tokens--;
            }
            return Optional.empty();
        }
        return Optional.of(personWait >= chatWait
                ? new Wait(Duration.ofNanos(personWait), "the rate limit per person (rateLimit.perPerson " + perPerson + ")")
                : new Wait(Duration.ofNanos(chatWait), "the rate limit per chat (rateLimit.perChat " + perChat + ")"));
    }

    /** How long until a question may go, and the limit that holds it. */
    record Wait(Duration duration, String limit) {
    }
}
