package io.cow.core.conversation;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import io.cow.core.store.Turn;
import io.cow.core.testing.CodePointTokens;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.cow.core.testing.CodePointTokens.turn;
import static org.assertj.core.api.Assertions.assertThat;

class HistoryWindowTest {

    private static final Instant T = Instant.parse("2026-11-24T08:00:00Z");
    private final CodePointTokens tokens = new CodePointTokens();

    private static Turn stored(long id, String question, String answer) {
        return new Turn(id, question, answer, T);
    }

    private static List<String> texts(List<ChatMessage> messages) {
        return messages.stream().map(CodePointTokens::text).toList();
    }

    @Test
    void takesTheNewestTurnsThatFitAndStopsAtTheFirstThatDoesNot() {
        // Each turn: 8 overhead + 10 + 10 = 28 tokens; a budget of 60 holds two of them, not three.
        HistoryWindow window = new HistoryWindow(tokens, 60);
        assertThat(window.offer(stored(5, "question-5", "answer--05"))).isTrue();
        assertThat(window.offer(stored(4, "question-4", "answer--04"))).isTrue();
        assertThat(window.offer(stored(3, "question-3", "answer--03"))).isFalse();
        assertThat(window.offer(stored(2, "q2", "a2"))).as("never skips a turn to take an older one").isFalse();

        assertThat(texts(window.messages())).containsExactly("question-4", "answer--04", "question-5", "answer--05");
        assertThat(window.tokens()).isEqualTo(2 * turn("question-5", "answer--05")).isEqualTo(56)
                .isEqualTo(tokens.estimateTokenCountInMessages(window.messages()));
        assertThat(window.oldestId()).isEqualTo(4);
        assertThat(window.isFull()).isTrue();
    }

    @Test
    void aTurnThatFitsExactlyIsTaken() {
        int cost = turn("abc", "defg");
        HistoryWindow window = new HistoryWindow(tokens, cost);
        assertThat(window.offer(stored(1, "abc", "defg"))).isTrue();
        assertThat(window.tokens()).isEqualTo(cost);
        assertThat(window.isFull()).isFalse();
    }

    @Test
    void aNewestTurnLargerThanTheBudgetIsCutNeverSentWhole() {
        String question = "Q".repeat(30);
        String answer = "A".repeat(500);
        HistoryWindow window = new HistoryWindow(tokens, 100);

        assertThat(window.offer(stored(9, question, answer))).isFalse();

        List<ChatMessage> messages = window.messages();
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0)).isInstanceOf(UserMessage.class);
        assertThat(messages.get(1)).isInstanceOf(AiMessage.class);
        assertThat(CodePointTokens.text(messages.get(0))).as("a short question stays whole").isEqualTo(question);
        String cut = CodePointTokens.text(messages.get(1));
        assertThat(cut).endsWith(HistoryWindow.CUT_MARK).startsWith("AAAA");
        // 100 = 4 + 30 (question) + 4 + 61 A's + 1 mark: the answer gets exactly what is left.
        assertThat(cut).hasSize(62);
        assertThat(window.tokens()).isEqualTo(100).isEqualTo(tokens.estimateTokenCountInMessages(messages));
        assertThat(window.oldestId()).isEqualTo(9);
    }

    @Test
    void aLongQuestionGetsAtMostHalfTheBudgetWhenTheAnswerIsLongToo() {
        HistoryWindow window = new HistoryWindow(tokens, 100);
        window.offer(stored(1, "Q".repeat(300), "A".repeat(300)));
        List<ChatMessage> messages = window.messages();
        assertThat(tokens.estimateTokenCountInMessage(messages.get(0))).isEqualTo(50);
        assertThat(tokens.estimateTokenCountInMessage(messages.get(1))).isEqualTo(50);
        assertThat(window.tokens()).isEqualTo(100);
    }

    @Test
    void cutsNeverSplitACharacterOutsideTheBasicPlane() {
        HistoryWindow window = new HistoryWindow(tokens, 40);
        window.offer(stored(1, "hi", "😀".repeat(100)));
        String cut = CodePointTokens.text(window.messages().get(1));
        assertThat(cut).isEqualTo("😀".repeat(40 - 4 - 2 - 4 - 1) + HistoryWindow.CUT_MARK);
    }

    @Test
    void aBudgetTooSmallForEvenTheMarksTakesNothing() {
        HistoryWindow window = new HistoryWindow(tokens, 6);
        assertThat(window.offer(stored(1, "question", "answer"))).isFalse();
        assertThat(window.messages()).isEmpty();
        assertThat(window.tokens()).isZero();
    }
    /** Counts like {@link CodePointTokens} and notes how often it was asked. */
    private static final class CountingTokens implements dev.langchain4j.model.TokenCountEstimator {
        private final CodePointTokens tokens = new CodePointTokens();
        int counted;

        @Override
        public int estimateTokenCountInText(String text) {
            counted++;
            return tokens.estimateTokenCountInText(text);
        }

        @Override
        public int estimateTokenCountInMessage(ChatMessage message) {
            counted++;
            return tokens.estimateTokenCountInMessage(message);
        }

        @Override
        public int estimateTokenCountInMessages(Iterable<ChatMessage> messages) {
            counted++;
            return tokens.estimateTokenCountInMessages(messages);
        }
    }

    /** Twice the code points plus the overhead: never below {@link CodePointTokens}' count. */
    private static int generousBound(ChatMessage message) {
        String text = CodePointTokens.text(message);
        return CodePointTokens.PER_MESSAGE + 2 * text.codePointCount(0, text.length());
    }

    @Test
    void turnsWhoseBoundsFitAreTakenWithoutCountingThem() {
        CountingTokens counting = new CountingTokens();
        HistoryWindow window = new HistoryWindow(counting, 1000, turn -> HistoryWindow.cost(counting, turn),
                HistoryWindowTest::generousBound);
        assertThat(window.offer(stored(2, "question-2", "answer--02"))).isTrue();
        assertThat(window.offer(stored(1, "question-1", "answer--01"))).isTrue();
        assertThat(texts(window.messages())).containsExactly("question-1", "answer--01", "question-2", "answer--02");
        assertThat(counting.counted).as("nothing counted while the bounds fit").isZero();

        assertThat(window.tokens()).as("counted when asked").isEqualTo(2 * turn("question-1", "answer--01"));
    }

    @Test
    void aCeilingGivesTheSameWindowAsCountingEveryTurn() {
        java.util.Random random = new java.util.Random(42);
        for (int round = 0; round < 500; round++) {
            List<Turn> turns = new java.util.ArrayList<>();
            int count = 1 + random.nextInt(12);
            for (int i = 0; i < count; i++) {
                turns.add(stored(count - i, "q".repeat(random.nextInt(40)), "a".repeat(random.nextInt(80))));
            }
            int budget = 1 + random.nextInt(400);
            HistoryWindow counted = new HistoryWindow(tokens, budget);
            HistoryWindow bounded = new HistoryWindow(tokens, budget, turn -> HistoryWindow.cost(tokens, turn),
                    HistoryWindowTest::generousBound);
            for (Turn turn : turns) {
                boolean more = counted.offer(turn);
                assertThat(bounded.offer(turn)).as("round %d", round).isEqualTo(more);
                if (!more) {
                    break;
                }
            }
            assertThat(texts(bounded.messages())).as("round %d", round).isEqualTo(texts(counted.messages()));
            assertThat(bounded.isFull()).isEqualTo(counted.isFull());
            assertThat(bounded.oldestId()).isEqualTo(counted.oldestId());
            assertThat(bounded.tokens()).isEqualTo(counted.tokens());
        }
    }
    @Test
    void theCeilingHearsOfCountsComingWhenTheBoundsPassThreeQuartersOfTheBudget() {
        int[] told = new int[1];
        TokenCeiling ceiling = new TokenCeiling() {
            @Override
            public int atMost(ChatMessage message) {
                return generousBound(message);
            }

            @Override
            public void countsComingSoon() {
                told[0]++;
            }
        };
        // Bounds: 4 + 2 * 10 = 24 per message, 48 per turn; three quarters of 200 is 150.
        HistoryWindow window = new HistoryWindow(tokens, 200, turn -> HistoryWindow.cost(tokens, turn), ceiling);
        window.offer(stored(4, "question-4", "answer--04"));
        window.offer(stored(3, "question-3", "answer--03"));
        window.offer(stored(2, "question-2", "answer--02"));
        assertThat(told[0]).as("144 of 200").isZero();
        window.offer(stored(1, "question-1", "answer--01"));
        window.offer(stored(0, "question-0", "answer--00"));
        assertThat(told[0]).as("192 of 200, told once").isEqualTo(1);
    }
}
