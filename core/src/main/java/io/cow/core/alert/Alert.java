package io.cow.core.alert;

import java.time.Instant;
import java.util.Objects;

/**
 * Something the bot's owner must learn at once, outside WeChat or through another channel. The text is written for a
 * person and never holds a secret.
 *
 * @param kind      what it is about
 * @param channel   the channel instance it concerns; empty for the model
 * @param text      one or two sentences saying what happened and what to do
 * @param at        when it happened
 * @param qrContent for {@link AlertKind#QR_CODE}: what the QR code to scan encodes (the login link); else empty
 */
public record Alert(AlertKind kind, String channel, String text, Instant at, String qrContent) {

    public Alert {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(at, "at");
        channel = channel == null ? "" : channel;
        qrContent = qrContent == null ? "" : qrContent;
    }

    /** An alert without a QR code. */
    public Alert(AlertKind kind, String channel, String text, Instant at) {
        this(kind, channel, text, at, "");
    }
}
