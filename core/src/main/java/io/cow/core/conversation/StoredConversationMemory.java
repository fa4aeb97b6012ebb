package io.cow.core.conversation;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.TokenCountEstimator;
import io.cow.core.message.IncomingMessage;
import io.cow.core.model.Answer;
import io.cow.core.store.ConversationKey;
import io.cow.core.store.ConversationStore;
import io.cow.core.store.Turn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Conversation memory kept in a {@link ConversationStore}: one conversation per private chat, and in groups
 * one per member or one per group. Each question gets the newest turns that fit the token budget; a
 * conversation silent longer than the expiry starts afresh.
 *
 * <p>{@link #history} only reads. Everything that changes the conversation happens in {@link #record}, which
 * the pipeline calls only after the model answered, so a failed call leaves the conversation as it was. What
 * {@code history} found out (expired, turns that no longer fit) is kept for {@code record} to act on, so
 * that one question reads its conversation once.
 */
public final class StoredConversationMemory implements ConversationMemory {

    private static final Logger log = LoggerFactory.getLogger(StoredConversationMemory.class);
    private static final int PAGE = 32;
    private static final int SWEEP_EVERY = 500;

    private final ConversationStore store;
    private final TokenCountEstimator tokens;
    private final TokenCeiling ceiling;
    private final MemoryOptions options;
    private final Clock clock;
    private final AtomicInteger recordsSinceSweep = new AtomicInteger();
    private final TurnCosts costs = new TurnCosts(20_000);
    private final PendingTidying pendingTidying = new PendingTidying();
    private final java.util.function.Function<IncomingMessage, GroupScope> scopeOf;
    private volatile Summarizer summarizer;
    /** Conversations whose summary is being written: one at a time each. */
    private final java.util.Set<ConversationKey> summarizing = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public StoredConversationMemory(ConversationStore store, TokenCountEstimator tokens, MemoryOptions options, Clock clock) {
        this(store, tokens, TokenCeiling.UNKNOWN, options, clock);
    }

    /**
     * @param ceiling a cheap upper bound of the {@code tokens} count of a message: a conversation whose bounds fit
     *                the budget is sent without counting its tokens
     */
    public StoredConversationMemory(ConversationStore store, TokenCountEstimator tokens, TokenCeiling ceiling,
                                    MemoryOptions options, Clock clock) {
        this(store, tokens, ceiling, options, clock, message -> options.groupScope());
    }

    /** @param scopeOf who shares a conversation in the message's group (a chat rule may set it) */
    public StoredConversationMemory(ConversationStore store, TokenCountEstimator tokens, TokenCeiling ceiling,
                                    MemoryOptions options, Clock clock, java.util.function.Function<IncomingMessage, GroupScope> scopeOf) {
        this.scopeOf = scopeOf;
        this.store = store;
        this.tokens = tokens;
        this.ceiling = ceiling;
        this.options = options;
        this.clock = clock;
    }

    /**
     * Turns that no longer fit the budget are summarized by this summarizer, not just forgotten; the summary is sent
     * before the turns that still fit ({@code memory.summarize}).
     */
    public StoredConversationMemory summarizingWith(Summarizer summarizer) {
        this.summarizer = summarizer;
        return this;
    }

    /** Introduces the summary in the messages the model gets. */
    public static final String SUMMARY_INTRO = "Summary of the earlier conversation: ";

    /** The conversation a message belongs to. */
    public ConversationKey keyOf(IncomingMessage message) {
        String member = message.isGroup() && scopeOf.apply(message) == GroupScope.MEMBER ? message.sender().key() : "";
        return new ConversationKey(message.channel(), message.chat().key(), member);
    }

    /** In a conversation the whole group shares, "name: question", the name as the group shows it. */
    @Override
    public String asAsked(IncomingMessage message, String question) {
        if (!options.enabled() || !message.isGroup() || scopeOf.apply(message) != GroupScope.GROUP) {
            return question;
        }
        String who = message.sender().name().isBlank() ? message.sender().key() : message.sender().name();
        return who + ": " + question;
    }

    @Override
    public List<ChatMessage> history(IncomingMessage message) {
        if (!options.enabled()) {
            return List.of();
        }
        ConversationKey key = keyOf(message);
        String summary = summarizer == null ? "" : store.summary(key);
        ChatMessage summaryMessage = summary.isEmpty() ? null : dev.langchain4j.data.message.SystemMessage.from(SUMMARY_INTRO + summary);
        int budget = options.historyTokens() - (summaryMessage == null ? 0 : Math.min(options.historyTokens() / 2,
                tokens.estimateTokenCountInMessage(summaryMessage)));
        Reading reading = read(key, budget);
        pendingTidying.put(key, reading.tidying());
        if (summaryMessage == null || reading.expired()) {
            return reading.window().messages();
        }
        List<ChatMessage> withSummary = new java.util.ArrayList<>();
        withSummary.add(summaryMessage);
        withSummary.addAll(reading.window().messages());
        return withSummary;
    }

    @Override
    public void record(IncomingMessage message, String question, Answer answer) {
        record(message, question, answer, true);
    }

    @Override
    public long recordUndelivered(IncomingMessage message, String question, Answer answer) {
        return record(message, question, answer, false);
    }

    private long record(IncomingMessage message, String question, Answer answer, boolean delivered) {
        if (!options.enabled()) {
            return 0;
        }
        ConversationKey key = keyOf(message);
        // What history() found for this question; read again only if it was not asked first.
        Tidying tidying = pendingTidying.take(key);
        if (tidying == null) {
            tidying = read(key, options.historyTokens()).tidying();
        }
        if (tidying.expired()) {
            store.clear(key);
        }
        Turn turn = Turn.of(question, answer.text(), clock.instant());
        Turn stored = delivered ? store.append(key, turn) : store.appendUndelivered(key, turn);
        if (tidying.forgetBefore() > 0) {
            // Turns older than the window never fit again: the window only moves towards newer turns.
            Summarizer summaries = summarizer;
            if (summaries == null) {
                store.forgetBefore(key, tidying.forgetBefore());
            } else {
                summarize(summaries, message, key, tidying.windowTurns());
            }
        }
        if (recordsSinceSweep.incrementAndGet() >= SWEEP_EVERY) {
            recordsSinceSweep.set(0);
            forgetExpired();
        }
        return stored.id();
    }

    /**
     * Folds the turns that no longer fit into the conversation's summary, and the older half of those that still do,
     * so that a summary is written once every few turns rather than at each. It does not hold up the answer: the turns
     * stay until the summary is there, and are forgotten without one when the summary cannot be written.
     *
     * @param windowTurns the turns the last question was sent with
     */
    private void summarize(Summarizer summaries, IncomingMessage message, ConversationKey key, int windowTurns) {
        if (!summarizing.add(key)) {
            return;
        }
        // The newest half of the window (and the turn just recorded) stays; everything older is summarized.
        List<Turn> kept = store.newestTurns(key, Long.MAX_VALUE, Math.max(1, (windowTurns + 1) / 2 + 1));
        long before = kept.get(kept.size() - 1).id();
        List<Turn> old = new java.util.ArrayList<>();
        List<Turn> page = store.newestTurns(key, before, PAGE);
        while (!page.isEmpty()) {
            old.addAll(page);
            page = page.size() < PAGE ? List.of() : store.newestTurns(key, page.get(page.size() - 1).id(), PAGE);
        }
        if (old.isEmpty()) {
            summarizing.remove(key);
            return;
        }
        java.util.Collections.reverse(old);
        java.util.concurrent.CompletableFuture<String> summary;
        try {
            summary = summaries.summarize(message, store.summary(key), old);
        } catch (RuntimeException e) {
            summary = java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        summary.whenComplete((text, error) -> {
            try {
                if (error == null && text != null && !text.isBlank()) {
                    store.summarize(key, text.strip(), before);
                    log.debug("Summarized {} old turn(s) of {}", old.size(), key);
                } else {
                    log.warn("⚠️ Could not summarize the old turns of a conversation in {}; they are forgotten instead: {}",
                            message.chat().title(), error == null ? "the summary was empty" : error.toString());
                    store.forgetBefore(key, before);
                }
            } catch (RuntimeException e) {
                log.error("❌ Could not keep the summary of a conversation: {}", e.getMessage(), e);
            } finally {
                summarizing.remove(key);
            }
        });
    }

    @Override
    public void reset(IncomingMessage message) {
        ConversationKey key = keyOf(message);
        store.clear(key);
        log.debug("Forgot conversation {}", key);
    }

    /** Forgets every expired conversation, including those of chats that never write again. */
    public int forgetExpired() {
        int forgotten = store.clearInactiveSince(cutoff());
        if (forgotten > 0) {
            log.debug("Forgot {} conversation(s) silent for longer than {}", forgotten, options.expireAfter());
        }
        return forgotten;
    }

    /** Reads the newest turns of a conversation that fit the budget; an expired conversation has none. */
    private Reading read(ConversationKey key, int budget) {
        HistoryWindow window = new HistoryWindow(tokens, Math.max(1, budget),
                turn -> costs.get(turn.id(), () -> HistoryWindow.cost(tokens, turn)), ceiling);
        List<Turn> page = store.newestTurns(key, Long.MAX_VALUE, PAGE);
        if (page.isEmpty()) {
            return new Reading(window, false);
        }
        if (expired(page.get(0))) {
            return new Reading(window, true);
        }
        while (true) {
            for (Turn turn : page) {
                if (!window.offer(turn)) {
                    return new Reading(window, false);
                }
            }
            if (page.size() < PAGE) {
                return new Reading(window, false);
            }
            page = store.newestTurns(key, page.get(page.size() - 1).id(), PAGE);
        }
    }

    /** A conversation as read before a question: the turns to send, and whether it had expired. */
    private record Reading(HistoryWindow window, boolean expired) {
        Tidying tidying() {
            return new Tidying(expired, window.isFull() ? window.oldestId() : 0, window.messages().size() / 2);
        }
    }

    /**
     * What to change in a conversation once the answer is there (never before: a failed call must leave it
     * as it was).
     *
     * @param expired      forget the old turns first
     * @param forgetBefore forget the turns older than this id, or 0
     * @param windowTurns  how many turns the window took
     */
    private record Tidying(boolean expired, long forgetBefore, int windowTurns) {
    }

    /** Tidying found by {@code history}, waiting for {@code record}; bounded, for calls that failed. */
    private static final class PendingTidying {
        private final Map<ConversationKey, Tidying> byKey = new LinkedHashMap<>(256, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ConversationKey, Tidying> eldest) {
                return size() > 10_000;
            }
        };

        synchronized void put(ConversationKey key, Tidying tidying) {
            byKey.put(key, tidying);
        }

        synchronized Tidying take(ConversationKey key) {
            return byKey.remove(key);
        }
    }

    private boolean expired(Turn newest) {
        return !newest.at().isAfter(cutoff());
    }

    private Instant cutoff() {
        return clock.instant().minus(options.expireAfter());
    }
}
