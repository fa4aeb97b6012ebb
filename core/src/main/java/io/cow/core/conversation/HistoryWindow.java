package io.cow.core.conversation;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.TokenCountEstimator;
import io.cow.core.store.Turn;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Collects the turns sent along with a question: offered newest first, it takes turns while their tokens fit
 * the budget and stops at the first that does not, so the conversation keeps its newest, unbroken end. A
 * newest turn larger than the whole budget is cut to fit (its question and answer keep their beginnings);
 * it is never sent whole.
 */
public final class HistoryWindow {

    /** Ends a text that was cut to fit. */
    public static final String CUT_MARK = "…";

    private final TokenCountEstimator tokens;
    private final int budget;
    private final ToIntFunction<Turn> cost;
    private final TokenCeiling ceiling;
    private final Deque<ChatMessage> messages = new ArrayDeque<>();
    /** Turns taken because their bounds fit, not counted yet. */
    private final List<Turn> uncounted = new ArrayList<>();
    private long uncountedCeiling;
    /** Whether the ceiling was told that counts are coming. */
    private boolean warned;
    /** Tokens of the counted turns taken. */
    private int used;
    private long oldestId = Long.MAX_VALUE;
    private boolean full;

    public HistoryWindow(TokenCountEstimator tokens, int budget) {
        this(tokens, budget, turn -> cost(tokens, turn));
    }

    /** @param cost a turn's tokens, as {@link #cost} counts them (possibly remembered from an earlier count) */
    public HistoryWindow(TokenCountEstimator tokens, int budget, ToIntFunction<Turn> cost) {
        this(tokens, budget, cost, TokenCeiling.UNKNOWN);
    }

    /**
     * @param cost    a turn's tokens, as {@link #cost} counts them (possibly remembered from an earlier count)
     * @param ceiling an upper bound of the estimator's count of a message: turns whose bounds fit are taken
     *                without being counted, which gives the same window as counting them
     */
    public HistoryWindow(TokenCountEstimator tokens, int budget, ToIntFunction<Turn> cost, TokenCeiling ceiling) {
        this.tokens = tokens;
        this.budget = budget;
        this.cost = cost;
        this.ceiling = ceiling;
    }

    /** The tokens a turn takes in a request: its question and its answer, each counted as a message. */
    public static int cost(TokenCountEstimator tokens, Turn turn) {
        return tokens.estimateTokenCountInMessage(UserMessage.from(turn.question()))
                + tokens.estimateTokenCountInMessage(AiMessage.from(turn.answer()));
    }

    /**
     * Offers the next older turn.
     *
     * @return true when it was taken whole and older turns may follow; false when the window is full
     */
    public boolean offer(Turn turn) {
        if (full) {
            return false;
        }
        ChatMessage question = UserMessage.from(turn.question());
        ChatMessage answer = AiMessage.from(turn.answer());
        long bound = (long) ceiling.atMost(question) + ceiling.atMost(answer);
        if (!warned && used + uncountedCeiling + bound > budget * 3L / 4) {
            warned = true;
            ceiling.countsComingSoon();
        }
        if (used + uncountedCeiling + bound <= budget) {
            // Even the bounds fit, so the exact counts would: the same turn is taken as by counting.
            uncounted.add(turn);
            uncountedCeiling += bound;
            take(turn, question, answer, 0);
            return true;
        }
        countTaken();
        int turnCost = cost.applyAsInt(turn);
        if (used + turnCost <= budget) {
            take(turn, question, answer, turnCost);
            return true;
        }
        full = true;
        if (messages.isEmpty()) {
            takeCut(turn);
        }
        return false;
    }

    /** The turns taken, oldest first, as the model gets them. */
    public List<ChatMessage> messages() {
        return List.copyOf(messages);
    }

    /** Tokens of the turns taken, as the estimator counts each message. */
    public int tokens() {
        countTaken();
        return used;
    }

    /** The id of the oldest turn taken, or {@link Long#MAX_VALUE} when none was. */
    public long oldestId() {
        return oldestId;
    }

    /** Whether a turn was left out (or cut) because the budget was used up. */
    public boolean isFull() {
        return full;
    }

    /** Counts the turns that were taken on their bounds alone. */
    private void countTaken() {
        for (Turn turn : uncounted) {
            used += cost.applyAsInt(turn);
        }
        uncounted.clear();
        uncountedCeiling = 0;
    }

    private void take(Turn turn, ChatMessage question, ChatMessage answer, int cost) {
        messages.addFirst(answer);
        messages.addFirst(question);
        used += cost;
        oldestId = Math.min(oldestId, turn.id());
    }

    /** Cuts the only turn: the question may take up to half the budget (more if the answer is short). */
    private void takeCut(Turn turn) {
        int answerWhole = tokens.estimateTokenCountInMessage(AiMessage.from(turn.answer()));
        int questionMax = Math.max(budget / 2, budget - answerWhole);
        String question = fit(turn.question(), UserMessage::from, questionMax);
        if (question == null) {
            return;
        }
        int questionCost = tokens.estimateTokenCountInMessage(UserMessage.from(question));
        String answer = fit(turn.answer(), AiMessage::from, budget - questionCost);
        if (answer == null) {
            return;
        }
        take(turn, UserMessage.from(question), AiMessage.from(answer),
                questionCost + tokens.estimateTokenCountInMessage(AiMessage.from(answer)));
    }

    /**
     * The text itself when its message fits {@code maxTokens}, else its longest beginning (whole code points)
     * that fits with the cut mark, or null when not even the mark fits.
     */
    private String fit(String text, Function<String, ChatMessage> asMessage, int maxTokens) {
        if (tokens.estimateTokenCountInMessage(asMessage.apply(text)) <= maxTokens) {
            return text;
        }
        int low = 0;
        int high = text.codePointCount(0, text.length());
        if (tokens.estimateTokenCountInMessage(asMessage.apply(CUT_MARK)) > maxTokens) {
            return null;
        }
        // Invariant: a beginning of `low` code points fits, one of `high` does not.
        while (high - low > 1) {
            int mid = (low + high) >>> 1;
            if (tokens.estimateTokenCountInMessage(asMessage.apply(beginning(text, mid) + CUT_MARK)) <= maxTokens) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return beginning(text, low) + CUT_MARK;
    }

    private static String beginning(String text, int codePoints) {
        return text.substring(0, text.offsetByCodePoints(0, codePoints));
    }
}
