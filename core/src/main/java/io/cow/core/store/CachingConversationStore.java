package io.cow.core.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps recently used conversations in memory in front of another store, so that asking a question does not
 * read the database: writes go through to the store first, then to the copy. Only whole conversations of at
 * most {@code maxTurns} turns are kept (memory trims conversations to their window, so most are small), and
 * all copies together hold at most {@code maxChars} characters; the least recently used go first.
 *
 * <p>Every method holds one lock across the store call and the copy's update, so a copy never misses a write.
 * That adds no waiting of note: the SQLite store serializes its calls anyway. The copies assume this process
 * is the only writer of its conversations, which holds because conversations are per channel.
 */
public final class CachingConversationStore implements ConversationStore {

    private final ConversationStore store;
    private final int maxTurns;
    private final long maxChars;
    private final Map<ConversationKey, Cached> cache = new LinkedHashMap<>(256, 0.75f, true);
    private long chars;

    public CachingConversationStore(ConversationStore store, int maxTurns, long maxChars) {
        this.store = store;
        this.maxTurns = maxTurns;
        this.maxChars = maxChars;
    }

    @Override
    public synchronized List<Turn> newestTurns(ConversationKey key, long beforeId, int limit) {
        Cached cached = cache.get(key);
        if (cached != null) {
            return cached.newest(beforeId, limit);
        }
        if (beforeId != Long.MAX_VALUE) {
            return store.newestTurns(key, beforeId, limit);
        }
        // One read either way: it fills the copy when the conversation is small enough, else it is the answer.
        List<Turn> newestFirst = store.newestTurns(key, Long.MAX_VALUE, Math.max(limit, maxTurns + 1));
        if (newestFirst.size() <= maxTurns) {
            keep(key, newestFirst);
        }
        return newestFirst.subList(0, Math.min(limit, newestFirst.size()));
    }

    @Override
    public synchronized Turn append(ConversationKey key, Turn turn) {
        return keepAppended(key, store.append(key, turn));
    }

    @Override
    public synchronized Turn appendUndelivered(ConversationKey key, Turn turn) {
        return keepAppended(key, store.appendUndelivered(key, turn));
    }

    @Override
    public synchronized void forgetTurn(long turnId) {
        store.forgetTurn(turnId);
        for (var entry : cache.entrySet()) {
            if (entry.getValue().turns.stream().anyMatch(t -> t.id() == turnId)) {
                evict(entry.getKey());
                return;
            }
        }
    }

    @Override
    public synchronized int forgetUndelivered(String channel) {
        int forgotten = store.forgetUndelivered(channel);
        if (forgotten > 0) {
            List.copyOf(cache.keySet()).stream().filter(k -> k.channel().equals(channel)).forEach(this::evict);
        }
        return forgotten;
    }

    private Turn keepAppended(ConversationKey key, Turn stored) {
        Cached cached = cache.get(key);
        if (cached != null) {
            if (cached.turns.size() >= maxTurns) {
                evict(key);
            } else {
                cached.turns.add(stored);
                cached.chars += size(stored);
                chars += size(stored);
                trim();
            }
        }
        return stored;
    }

    @Override
    public synchronized List<ConversationKey> conversationsOf(String channel, String chatKey) {
        return store.conversationsOf(channel, chatKey);
    }

    @Override
    public synchronized void forgetBefore(ConversationKey key, long turnId) {
        store.forgetBefore(key, turnId);
        dropCachedBefore(key, turnId);
    }

    @Override
    public String summary(ConversationKey key) {
        return store.summary(key);
    }

    @Override
    public synchronized void summarize(ConversationKey key, String summary, long beforeTurnId) {
        store.summarize(key, summary, beforeTurnId);
        dropCachedBefore(key, beforeTurnId);
    }

    private void dropCachedBefore(ConversationKey key, long turnId) {
        Cached cached = cache.get(key);
        if (cached != null) {
            for (Turn turn : cached.turns) {
                if (turn.id() < turnId) {
                    cached.chars -= size(turn);
                    chars -= size(turn);
                }
            }
            cached.turns.removeIf(turn -> turn.id() < turnId);
        }
    }

    @Override
    public synchronized void clear(ConversationKey key) {
        store.clear(key);
        evict(key);
        cache.put(key, new Cached(new ArrayList<>(), 0));
    }

    @Override
    public synchronized int clearInactiveSince(Instant cutoff) {
        int cleared = store.clearInactiveSince(cutoff);
        if (cleared > 0) {
            cache.clear();
            chars = 0;
        }
        return cleared;
    }

    private void keep(ConversationKey key, List<Turn> newestFirst) {
        List<Turn> turns = new ArrayList<>(newestFirst.size() + 1);
        long total = 0;
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            turns.add(newestFirst.get(i));
            total += size(newestFirst.get(i));
        }
        cache.put(key, new Cached(turns, total));
        chars += total;
        trim();
    }

    private void evict(ConversationKey key) {
        Cached removed = cache.remove(key);
        if (removed != null) {
            chars -= removed.chars;
        }
    }

    private void trim() {
        var eldest = cache.entrySet().iterator();
        while (chars > maxChars && eldest.hasNext()) {
            chars -= eldest.next().getValue().chars;
            eldest.remove();
        }
    }

    private static long size(Turn turn) {
        return turn.question().length() + turn.answer().length();
    }

    /** A conversation's turns, oldest first, and their characters. */
    private static final class Cached {
        final List<Turn> turns;
        long chars;

        Cached(List<Turn> turns, long chars) {
            this.turns = turns;
            this.chars = chars;
        }

        List<Turn> newest(long beforeId, int limit) {
            List<Turn> out = new ArrayList<>(Math.min(limit, turns.size()));
            for (int i = turns.size() - 1; i >= 0 && out.size() < limit; i--) {
                if (turns.get(i).id() < beforeId) {
                    out.add(turns.get(i));
                }
            }
            return out;
        }
    }
}
