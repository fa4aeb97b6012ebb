package io.cow.testkit.channel;

import io.cow.core.channel.Channel;
import io.cow.core.channel.ChannelEvents;
import io.cow.core.message.BotAccount;
import io.cow.core.message.Chat;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.OutgoingImage;
import io.cow.core.message.OutgoingMessage;
import io.cow.core.reply.ReplyLimits;
import io.cow.testkit.await.Await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A channel for tests: the test delivers messages with {@link #deliver}, and every text the bot sends is
 * recorded. Sending can be made to fail.
 */
public final class RecordingChannel implements Channel {

    private final String name;
    private final List<OutgoingMessage> sent = new ArrayList<>();
    private volatile ChannelEvents events;
    private volatile ReplyLimits limits;
    private volatile Function<OutgoingMessage, CompletableFuture<Void>> sender = m -> CompletableFuture.completedFuture(null);
    private volatile BotAccount loginAs;
    private final List<OutgoingImage> images = new ArrayList<>();
    private volatile boolean sendsImages;
    private volatile Chat owner;
    private final List<String> ownerContacts = new ArrayList<>();

    public RecordingChannel(String name) {
        this.name = name;
    }

    /** Reports a login as this account when started. */
    public RecordingChannel loginAs(BotAccount account) {
        this.loginAs = account;
        return this;
    }

    /** Makes the channel report its own reply limits. */
    public RecordingChannel limits(ReplyLimits limits) {
        this.limits = limits;
        return this;
    }

    /** Decides how each send completes (by default at once, successfully). */
    public RecordingChannel sender(Function<OutgoingMessage, CompletableFuture<Void>> sender) {
        this.sender = sender;
        return this;
    }

    /** Makes the channel able to send images, recording them. */
    public RecordingChannel sendsImages() {
        this.sendsImages = true;
        return this;
    }

    /** The chat {@link #ownerChat} answers with; null (the default) for "the owner cannot be reached". */
    public RecordingChannel owner(Chat owner) {
        this.owner = owner;
        return this;
    }

    @Override
    public Optional<Chat> ownerChat(String contact) {
        synchronized (ownerContacts) {
            ownerContacts.add(contact);
        }
        return Optional.ofNullable(owner);
    }

    /** The contacts {@link #ownerChat} was asked for. */
    public List<String> ownerContacts() {
        synchronized (ownerContacts) {
            return List.copyOf(ownerContacts);
        }
    }

    @Override
    public boolean canSendImages() {
        return sendsImages;
    }

    @Override
    public CompletableFuture<Void> sendImage(OutgoingImage image) {
        if (!sendsImages) {
            return Channel.super.sendImage(image);
        }
        synchronized (images) {
            images.add(image);
        }
        return CompletableFuture.completedFuture(null);
    }

    /** The images sent so far. */
    public List<OutgoingImage> images() {
        synchronized (images) {
            return List.copyOf(images);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start(ChannelEvents events) {
        this.events = events;
        if (loginAs != null) {
            events.onLogin(loginAs);
        }
    }

    /** Hands a message to the bot, as a transport would. */
    public void deliver(IncomingMessage message) {
        if (events == null) {
            throw new IllegalStateException("the channel was not started");
        }
        events.onMessage(message);
    }

    public ChannelEvents events() {
        return events;
    }

    @Override
    public CompletableFuture<Void> send(OutgoingMessage message) {
        synchronized (sent) {
            sent.add(message);
            sent.notifyAll();
        }
        return sender.apply(message);
    }

    @Override
    public Optional<ReplyLimits> replyLimits() {
        return Optional.ofNullable(limits);
    }

    /** Everything sent so far. */
    public List<OutgoingMessage> sent() {
        synchronized (sent) {
            return List.copyOf(sent);
        }
    }

    /** The texts sent so far. */
    public List<String> texts() {
        return sent().stream().map(OutgoingMessage::text).toList();
    }

    /** Waits until at least {@code count} messages were sent, and returns all sent so far. */
    public List<OutgoingMessage> awaitSent(int count, Duration timeout) {
        Await.until(count + " message(s) sent by the bot (sent so far: " + texts() + ")", timeout, () -> sent().size() >= count);
        return sent();
    }

    @Override
    public void close() {
    }
}
