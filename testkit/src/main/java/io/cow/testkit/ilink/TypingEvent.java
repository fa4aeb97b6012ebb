package io.cow.testkit.ilink;

import java.time.Instant;

/** One accepted {@code sendtyping}: status 1 typing, 2 cancelled. */
public record TypingEvent(String botId, String user, int status, Instant at) {
}
