package io.cow.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One question and the answer the model gave to it.
 *
 * @param id       the store's id, increasing with time within a conversation; 0 for a turn not stored yet
 * @param question the question as the model got it (trigger and quote cut off)
 * @param answer   the model's whole answer
 * @param at       when the answer was complete
 */
public record Turn(long id, String question, String answer, Instant at) {

    public Turn {
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(at, "at");
    }

    /** A turn that is not stored yet. */
    public static Turn of(String question, String answer, Instant at) {
        return new Turn(0, question, answer, at);
    }
}
