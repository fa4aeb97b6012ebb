package io.cow.core.model;

/**
 * What the model answered.
 *
 * @param text         the answer text
 * @param inputTokens  prompt tokens as the API reported them, or -1 when it did not
 * @param outputTokens completion tokens as the API reported them, or -1 when it did not
 * @param profile      the name of the model profile that answered; empty when not known
 */
public record Answer(String text, int inputTokens, int outputTokens, String profile) {

    public Answer {
        text = text == null ? "" : text;
        profile = profile == null ? "" : profile;
    }

    /** An answer whose profile is not known (yet): the profile that asked names itself with {@link #from}. */
    public Answer(String text, int inputTokens, int outputTokens) {
        this(text, inputTokens, outputTokens, "");
    }

    public boolean hasUsage() {
        return inputTokens >= 0 && outputTokens >= 0;
    }

    /** The same answer, naming the profile that gave it. */
    public Answer from(String profileName) {
        return new Answer(text, inputTokens, outputTokens, profileName);
    }
}
