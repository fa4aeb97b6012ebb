package io.cow.bench.pipeline;

import io.cow.core.channel.Channel;
import io.cow.core.channel.ChannelEvents;
import io.cow.core.channel.kit.Pacing;
import io.cow.core.channel.kit.PartSources;
import io.cow.core.channel.kit.SendQueue;
import io.cow.core.message.BotAccount;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.OutgoingMessage;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A channel whose transport costs nothing and that notes when the first reply to each message was sent, and how many.
 * Its replies go through a send queue on the bot's outbox, as every real channel's do.
 */
final class TimingChannel implements Channel {

    final Map<String, Long> firstSendNanos = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> sendsPerMessage = new ConcurrentHashMap<>();
    private volatile ChannelEvents events;
    private volatile SendQueue<OutgoingMessage> queue;

    /** Sends through a queue on this outbox (the bot's, when the bench is assembled as {@code run} does). */
    TimingChannel open(PartSources outbox) {
        queue = new SendQueue<>((lane, message) -> transmit(message), Pacing.NONE,
                outbox.open(PartSources.Codec.texts(m -> m.chat().key()), true));
        return this;
    }

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public void start(ChannelEvents events) {
        this.events = events;
        events.onLogin(new BotAccount("bot", "Bot"));
    }

    void deliver(IncomingMessage message) {
        events.onMessage(message);
    }

    @Override
    public CompletableFuture<Void> send(OutgoingMessage message) {
        return queue.submit(message.chat().key(), message);
    }

    private CompletableFuture<Void> transmit(OutgoingMessage message) {
        long now = System.nanoTime();
        String id = message.inReplyTo().id();
        firstSendNanos.putIfAbsent(id, now);
        sendsPerMessage.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {
    }
}
