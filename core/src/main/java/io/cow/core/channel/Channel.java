package io.cow.core.channel;

import io.cow.core.message.Attachment;
import io.cow.core.message.Chat;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.OutgoingFile;
import io.cow.core.message.OutgoingImage;
import io.cow.core.message.OutgoingMessage;
import io.cow.core.reply.ReplyLimits;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A WeChat transport as the pipeline sees it: one channel instance (one account), which delivers incoming
 * messages to {@link ChannelEvents} and sends texts back.
 */
public interface Channel extends AutoCloseable {

    /** A stage that never completes: what {@link #finished()} returns for a channel that runs until closed. */
    CompletionStage<Void> NEVER = new CompletableFuture<Void>().minimalCompletionStage();

    /** The instance name ({@link ChannelContext#name()}); every message this channel delivers carries it. */
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

    /**
     * Completes when the channel will deliver no more messages by itself, such as the terminal at the end of its
     * input; the bot then answers what it has and stops. Channels that run until they are closed (every WeChat
     * transport) never complete it.
     */
    default CompletionStage<Void> finished() {
        return NEVER;
    }

    /** Whether {@link #sendImage} can work on this transport. */
    default boolean canSendImages() {
        return false;
    }

    /**
     * Queues an image for sending, in order with the texts to the same chat. The future completes when the
     * transport accepted it; it fails with {@link UnsupportedOperationException} when the transport cannot send
     * images ({@link #canSendImages()} is false).
     */
    default CompletableFuture<Void> sendImage(OutgoingImage image) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(
                "the channel " + name() + " cannot send images"));
    }

    /** Whether {@link #sendFile} can work on this transport. */
    default boolean canSendFiles() {
        return false;
    }

    /**
     * Queues a file for sending, in order with the texts to the same chat; fails with
     * {@link UnsupportedOperationException} when {@link #canSendFiles()} is false.
     */
    default CompletableFuture<Void> sendFile(OutgoingFile file) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(
                "the channel " + name() + " cannot send files"));
    }

    /**
     * Opens the bytes of an attachment this channel delivered, streamed from the transport (the caller reads them
     * once, to a file, and closes the stream). Fails when the transport no longer has them or the channel is not
     * logged in.
     */
    default InputStream openAttachment(IncomingMessage message, Attachment attachment) throws IOException, InterruptedException {
        throw new IOException("the channel " + name() + " cannot download " + attachment.kind().name().toLowerCase(java.util.Locale.ROOT)
                + " attachments");
    }

    /**
     * The chat where the account's owner reads what the bot has to tell them: on iLink the user who confirmed the
     * login, on web WeChat and Wechaty File Transfer or, when {@code contact} is not empty, the contact of that
     * name. Empty while not logged in, when the contact is unknown, or when the transport has no such chat.
     *
     * @param contact a contact's name (remark name or nickname), or empty for the transport's default
     */
    default Optional<Chat> ownerChat(String contact) {
        return Optional.empty();
    }

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

    /**
     * The bot will not answer this message: it did not trigger, or left nothing to ask. {@code reason} says why in words
     * for the person who wrote it; a transport that faces that person directly (the terminal) may tell them. Must
     * return quickly.
     */
    default void notAnswered(IncomingMessage message, String reason) {
    }

    /**
     * The owner asks for a new QR code now (the console's "new QR now"): the channel drops the code it shows, or stops
     * waiting for the relogin throttle (the new code still counts against it), and shows a new one. Returns at once;
     * the new code arrives as {@link ChannelEvents#onLoginQrCode}.
     *
     * @throws UnsupportedOperationException when the transport has no QR code login, or decides itself when to show one
     * @throws IllegalStateException         when the account is logged in, or the channel is not running
     */
    default void requestNewQr() {
        throw new UnsupportedOperationException("the channel " + name() + " cannot show a new QR code on request");
    }

    /**
     * The owner logs the account out (the console's "log out"): the channel tells the service, forgets the
     * credentials, reports {@link ChannelEvents#onLogout} and logs in again as after any logout (a new QR code, when
     * the relogin throttle allows). Returns at once.
     *
     * @throws UnsupportedOperationException when the transport has no login
     * @throws IllegalStateException         when the account is not logged in, or the channel is not running
     */
    default void logOut() {
        throw new UnsupportedOperationException("the channel " + name() + " has no login to end");
    }

    /** Stops polling and sending; queued sends are attempted first when possible. */
    @Override
    void close();
}
