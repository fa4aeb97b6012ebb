package io.cow.core.pipeline;

import io.cow.core.channel.Channel;
import io.cow.core.channel.ChannelEvents;
import io.cow.core.message.OutgoingMessage;
import io.cow.core.reply.ReplyLimits;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** Core's own minimal channel for unit tests (core cannot use testkit: testkit depends on core). */
final class TestChannel implements Channel {

    final List<OutgoingMessage> sent = new CopyOnWriteArrayList<>();
    final CompletableFuture<Void> finished = new CompletableFuture<>();
    private final String name;
    volatile ChannelEvents events;
    ReplyLimits limits;

    TestChannel() {
        this("test");
    }

    TestChannel(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start(ChannelEvents events) {
        this.events = events;
    }

    @Override
    public CompletionStage<Void> finished() {
        return finished;
    }

    @Override
    public CompletableFuture<Void> send(OutgoingMessage message) {
        sent.add(message);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public Optional<ReplyLimits> replyLimits() {
        return Optional.ofNullable(limits);
    }

    List<String> texts() {
        return sent.stream().map(OutgoingMessage::text).toList();
    }

    @Override
    public void close() {
    }
}
