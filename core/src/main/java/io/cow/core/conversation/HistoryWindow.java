package io.cow.core.conversation;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.TokenCountEstimator;
import io.cow.core.store.Turn;

import java.util.ArrayDeque;
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
    private final Deque<ChatMessage> messages = new ArrayDeque<>();
    private int used;
    private long oldestId = Long.MAX_VALUE;
    private boolean full;

    public HistoryWindow(TokenCountEstimator tokens, int budget) {
        this(tokens, budget, turn -> cost(tokens, turn));
    }

    /** @param cost a turn's tokens, as {@link #cost} counts them (possibly remembered from an earlier count) */
    public HistoryWindow(TokenCountEstimator tokens, int budget, ToIntFunction<Turn> cost) {
        this.tokens = tokens;
        this.budget = budget;
        this.cost = cost;
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
        int turnCost = cost.applyAsInt(turn);
        if (used + turnCost <= budget) {
            take(turn, UserMessage.from(turn.question()), AiMessage.from(turn.answer()), turnCost);
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
