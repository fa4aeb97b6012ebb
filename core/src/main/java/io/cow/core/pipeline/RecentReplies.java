package io.cow.core.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Texts the bot sent lately, per chat. Transports echo the bot's own sends back as incoming messages; with
 * self-chat on, this is how such an echo is told apart from the owner typing.
 */
final class RecentReplies {

    private static final int CAPACITY = 2_000;
    private static final Duration TTL = Duration.ofMinutes(10);

    private final Clock clock;
    private final Map<String, Long> sentAt = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > CAPACITY;
        }
    };

    RecentReplies(Clock clock) {
        this.clock = clock;
    }

    synchronized void remember(String chatId, String text) {
        sentAt.put(key(chatId, text), clock.millis());
    }

    synchronized boolean wasSent(String chatId, String text) {
        Long at = sentAt.get(key(chatId, text));
        return at != null && clock.millis() - at <= TTL.toMillis();
    }

    private static String key(String chatId, String text) {
        return chatId + '\u0000' + text.strip();
    }
}
