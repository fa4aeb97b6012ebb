package io.cow.core.model;

/**
 * What the model answered.
 *
 * @param text         the answer text
 * @param inputTokens  prompt tokens as the API reported them, or -1 when it did not
 * @param outputTokens completion tokens as the API reported them, or -1 when it did not
 */
public record Answer(String text, int inputTokens, int outputTokens) {

    public Answer {
        text = text == null ? "" : text;
    }

    public boolean hasUsage() {
        return inputTokens >= 0 && outputTokens >= 0;
    }
}
