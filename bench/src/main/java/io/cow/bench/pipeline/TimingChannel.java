package io.cow.bench.pipeline;

import io.cow.core.channel.Channel;
import io.cow.core.channel.ChannelEvents;
import io.cow.core.message.BotAccount;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.OutgoingMessage;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A channel that costs nothing and notes when the first reply to each message was sent, and how many. */
final class TimingChannel implements Channel {

    final Map<String, Long> firstSendNanos = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> sendsPerMessage = new ConcurrentHashMap<>();
    private volatile ChannelEvents events;

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
