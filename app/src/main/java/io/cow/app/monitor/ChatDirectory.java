package io.cow.app.monitor;

import io.cow.core.message.IncomingMessage;
import io.cow.core.pipeline.BotObserver;
import io.cow.core.pipeline.Outcome;
import io.cow.core.store.ChatStore;
import io.cow.core.store.SeenChat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the store's list of chats seen up to date without a database write per message: what each chat's messages
 * did is gathered in memory and written in one transaction at most every {@link #FLUSH_EVERY} (by the next message),
 * when many chats wait, before the console reads the list, and when the bot stops.
 */
public final class ChatDirectory implements BotObserver, AutoCloseable {

    static final Duration FLUSH_EVERY = Duration.ofSeconds(30);
    private static final int MAX_WAITING = 1_000;
    private static final Logger log = LoggerFactory.getLogger(ChatDirectory.class);

    private final ChatStore store;
    private final Clock clock;
    private Map<String, SeenChat> waiting = new HashMap<>();
    private Instant lastFlush;

    public ChatDirectory(ChatStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.lastFlush = clock.instant();
    }

    @Override
    public void handled(IncomingMessage message, Outcome outcome) {
        if (outcome == Outcome.ECHO || outcome == Outcome.DUPLICATE || outcome == Outcome.BEFORE_START) {
            return; // not new activity: the bot's own reply coming back, a message delivered again, or old history
        }
        Instant now = clock.instant();
        boolean flush;
        synchronized (this) {
            String id = message.channel() + '\u0000' + message.chat().key();
            SeenChat before = waiting.get(id);
            waiting.put(id, new SeenChat(message.channel(), message.chat().key(), message.chat().kind(),
                    message.chat().title(), now, outcome.name(), before == null ? 1 : before.messages() + 1));
            flush = waiting.size() >= MAX_WAITING || !now.isBefore(lastFlush.plus(FLUSH_EVERY));
        }
        if (flush) {
            flush();
        }
    }

    /** Writes what was gathered; a failure is logged and the chats are kept for the next try. */
    public void flush() {
        List<SeenChat> batch;
        synchronized (this) {
            if (waiting.isEmpty()) {
                return;
            }
            batch = new ArrayList<>(waiting.values());
            waiting = new HashMap<>();
            lastFlush = clock.instant();
        }
        try {
            store.saw(batch);
        } catch (RuntimeException e) {
            log.warn("⚠️ Could not record the chats seen: {}", e.getMessage());
            synchronized (this) {
                for (SeenChat chat : batch) {
                    waiting.merge(chat.channel() + '\u0000' + chat.chatKey(), chat, (newer, older) -> new SeenChat(
                            newer.channel(), newer.chatKey(), newer.kind(), newer.title(), newer.lastAt(), newer.lastOutcome(),
                            newer.messages() + older.messages()));
                }
            }
        }
    }

    /** The store's chats, with everything gathered so far written first. */
    public ChatStore store() {
        flush();
        return store;
    }

    /** Before the bot closes the store: what the last messages did is written while it is open. */
    @Override
    public void stopped() {
        flush();
    }

    @Override
    public void close() {
        flush();
    }
}
