package io.cow.core.control;

import io.cow.core.pipeline.Outcome;

import java.time.Duration;
import java.util.Optional;

/**
 * What the controls decided about a triggered question: let it through (possibly to another profile, possibly after
 * a wait or a notice), or skip it with a named outcome and reason.
 *
 * @param skip    the outcome when the question is not asked; null when it is
 * @param reason  why, in words (for {@code #why} and the log); empty when nothing held it
 * @param reply   what the chat is told first (a quota notice, the banned-word reply); may be empty
 * @param profile the model profile that must answer instead of the chat's; null for the chat's own
 * @param delay   how long the question waits for the rate limit before it is asked
 */
public record Verdict(Outcome skip, String reason, Optional<String> reply, String profile, Duration delay) {

    /** Asked at once by the chat's own profile. */
    public static final Verdict GO = new Verdict(null, "", Optional.empty(), null, Duration.ZERO);

    static Verdict skip(Outcome outcome, String reason) {
        return new Verdict(outcome, reason, Optional.empty(), null, Duration.ZERO);
    }

    public boolean skipped() {
        return skip != null;
    }
}
