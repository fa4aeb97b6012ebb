package io.cow.core.channel;

import io.cow.core.message.IncomingMessage;
import io.cow.core.message.OutgoingMessage;
import io.cow.core.reply.ReplyLimits;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A WeChat transport as the pipeline sees it: it delivers incoming messages to {@link ChannelEvents} and
 * sends texts back.
 */
public interface Channel extends AutoCloseable {

    /** The channel's name, as written in the {@code channel} setting. */
    String name();

    /**
     * Starts the transport in the background (login, polling) and returns at once. Events, including the
     * QR code to scan and every incoming message, go to {@code events}.
     */
    void start(ChannelEvents events);

    /**
     * Queues a text for sending. Sends to one chat happen in the order they were queued. The future
     * completes when the transport accepted the text, or fails with the reason it did not.
     */
    CompletableFuture<Void> send(OutgoingMessage message);

    /** Limits of this transport that override the configured reply size, when it has any. */
    default Optional<ReplyLimits> replyLimits() {
        return Optional.empty();
    }

    /**
     * The bot starts writing an answer to this message (the model is asked). A transport that can show
     * "typing…" may show it until {@link #answerFinished}. Must return quickly.
     */
    default void answerStarted(IncomingMessage message) {
    }

    /** The answer to this message is complete: every part was queued with {@link #send}, or it failed. */
    default void answerFinished(IncomingMessage message) {
    }

    /** Stops polling and sending; queued sends are attempted first when possible. */
    @Override
    void close();
}
