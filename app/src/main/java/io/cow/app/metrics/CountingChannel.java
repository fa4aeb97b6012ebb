package io.cow.app.metrics;

import io.cow.core.channel.Channel;
import io.cow.core.channel.ChannelEvents;
import io.cow.core.message.Chat;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.OutgoingImage;
import io.cow.core.message.OutgoingMessage;
import io.cow.core.reply.ReplyLimits;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A channel that counts the replies it could not send, and otherwise is the channel it wraps: every method is
 * passed on (a test checks that none is left to a default).
 */
final class CountingChannel implements Channel {

    private final Channel channel;
    private final Runnable failed;

    CountingChannel(Channel channel, Runnable failed) {
        this.channel = channel;
        this.failed = failed;
    }

    @Override
    public String name() {
        return channel.name();
    }

    @Override
    public void start(ChannelEvents events) {
        channel.start(events);
    }

    @Override
    public CompletableFuture<Void> send(OutgoingMessage message) {
        return counted(() -> channel.send(message));
    }

    @Override
    public CompletableFuture<Void> sendImage(OutgoingImage image) {
        return counted(() -> channel.sendImage(image));
    }

    @Override
    public CompletableFuture<Void> sendFile(io.cow.core.message.OutgoingFile file) {
        return counted(() -> channel.sendFile(file));
    }

    @Override
    public boolean canSendFiles() {
        return channel.canSendFiles();
    }

    @Override
    public java.io.InputStream openAttachment(IncomingMessage message, io.cow.core.message.Attachment attachment)
            throws java.io.IOException, InterruptedException {
        return channel.openAttachment(message, attachment);
    }

    private CompletableFuture<Void> counted(java.util.function.Supplier<CompletableFuture<Void>> sending) {
        CompletableFuture<Void> sent;
        try {
            sent = sending.get();
        } catch (RuntimeException e) {
            failed.run();
            throw e;
        }
        sent.whenComplete((ok, error) -> {
            if (error != null) {
                failed.run();
            }
        });
        return sent;
    }

    @Override
    public boolean canSendImages() {
        return channel.canSendImages();
    }

    @Override
    public CompletionStage<Void> finished() {
        return channel.finished();
    }

    @Override
    public Optional<Chat> ownerChat(String contact) {
        return channel.ownerChat(contact);
    }

    @Override
    public Optional<ReplyLimits> replyLimits() {
        return channel.replyLimits();
    }

    @Override
    public void answerStarted(IncomingMessage message) {
        channel.answerStarted(message);
    }

    @Override
    public void answerFinished(IncomingMessage message) {
        channel.answerFinished(message);
    }

    @Override
    public void notAnswered(IncomingMessage message, String reason) {
        channel.notAnswered(message, reason);
    }

    @Override
    public void requestNewQr() {
        channel.requestNewQr();
    }

    @Override
    public void logOut() {
        channel.logOut();
    }

    @Override
    public void close() {
        channel.close();
    }
}
