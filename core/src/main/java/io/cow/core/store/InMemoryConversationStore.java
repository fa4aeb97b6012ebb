package io.cow.core.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Conversations in memory, for tests and for running without a database. Lost at restart. */
public final class InMemoryConversationStore implements ConversationStore {

    private final Map<ConversationKey, List<Turn>> conversations = new HashMap<>();
    private final Map<ConversationKey, String> summaries = new HashMap<>();
    private long lastId;

    @Override
    public synchronized List<Turn> newestTurns(ConversationKey key, long beforeId, int limit) {
        List<Turn> turns = conversations.getOrDefault(key, List.of());
        List<Turn> out = new ArrayList<>();
        for (int i = turns.size() - 1; i >= 0 && out.size() < limit; i--) {
            if (turns.get(i).id() < beforeId) {
                out.add(turns.get(i));
            }
        }
        return out;
    }

    @Override
    public synchronized Turn append(ConversationKey key, Turn turn) {
        Turn stored = new Turn(++lastId, turn.question(), turn.answer(), turn.at());
        conversations.computeIfAbsent(key, k -> new ArrayList<>()).add(stored);
        return stored;
    }

    @Override
    public synchronized List<ConversationKey> conversationsOf(String channel, String chatKey) {
        return conversations.entrySet().stream()
                .filter(e -> e.getKey().channel().equals(channel) && e.getKey().chatKey().equals(chatKey) && !e.getValue().isEmpty())
                .map(Map.Entry::getKey).sorted(java.util.Comparator.comparing(ConversationKey::memberKey)).toList();
    }

    @Override
    public synchronized void forgetBefore(ConversationKey key, long turnId) {
        List<Turn> turns = conversations.get(key);
        if (turns != null) {
            turns.removeIf(t -> t.id() < turnId);
        }
    }

    @Override
    public synchronized String summary(ConversationKey key) {
        return summaries.getOrDefault(key, "");
    }

    @Override
    public synchronized void summarize(ConversationKey key, String summary, long beforeTurnId) {
        forgetBefore(key, beforeTurnId);
        summaries.put(key, summary);
    }

    @Override
    public synchronized void forgetTurn(long turnId) {
        conversations.values().forEach(turns -> turns.removeIf(t -> t.id() == turnId));
    }

    @Override
    public synchronized void clear(ConversationKey key) {
        conversations.remove(key);
        summaries.remove(key);
    }

    @Override
    public synchronized int clearInactiveSince(Instant cutoff) {
        int before = conversations.size();
        conversations.values().removeIf(turns -> turns.isEmpty() || !turns.get(turns.size() - 1).at().isAfter(cutoff));
        summaries.keySet().retainAll(conversations.keySet());
        return before - conversations.size();
    }
}
