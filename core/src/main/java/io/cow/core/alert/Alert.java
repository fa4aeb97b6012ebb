package io.cow.core.alert;

import java.time.Instant;
import java.util.Objects;

/**
 * Something the bot's owner must learn at once, outside WeChat or through another channel. The text is written for a
 * person and never holds a secret.
 *
 * @param kind    what it is about
 * @param channel the channel instance it concerns; empty for the model
 * @param text    one or two sentences saying what happened and what to do
 * @param at      when it happened
 */
public record Alert(AlertKind kind, String channel, String text, Instant at) {

    public Alert {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(at, "at");
        channel = channel == null ? "" : channel;
    }
}
