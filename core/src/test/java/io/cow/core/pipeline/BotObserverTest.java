package io.cow.core.pipeline;

import io.cow.core.conversation.ConversationMemory;
import io.cow.core.login.LoginStates;
import io.cow.core.message.Chat;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.Sender;
import io.cow.core.model.Answer;
import io.cow.core.model.SystemPrompt;
import io.cow.core.reply.ReplyLimits;
import io.cow.core.store.InMemoryInbox;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class BotObserverTest {

    private static final Instant START = Instant.parse("2026-11-24T08:00:00Z");

    @Test
    void observersSeeEveryOutcomeAndAFailingOneDisturbsNothing() throws Exception {
        Clock clock = Clock.fixed(START.plusSeconds(60), ZoneOffset.UTC);
        TestChannel channel = new TestChannel();
        Pipeline pipeline = new Pipeline(new PipelineOptions("bot", false, true, "ERROR", ReplyLimits.chunkSize(500), "…", START),
                List.of(), (messages, partial) -> new Answer("yes", 1, 1), new SystemPrompt("sys", clock), ConversationMemory.NONE,  channel, clock);
        List<String> seen = new CopyOnWriteArrayList<>();
        try (Bot bot = new Bot(channel, pipeline, 2, 100)) {
            bot.observe(new BotObserver() {
                @Override
                public void handled(IncomingMessage message, Outcome outcome) {
                    throw new IllegalStateException("a broken observer");
                }
            });
            bot.observe(new BotObserver() {
                @Override
                public void handled(IncomingMessage message, Outcome outcome) {
                    seen.add(message.id() + "=" + outcome);
                }
            });
            bot.start();
            channel.events.onMessage(message("1", "bot hello"));
            channel.events.onMessage(message("2", "no keyword"));
            assertThat(bot.awaitIdle(Duration.ofSeconds(10))).isTrue();

            assertThat(seen).containsExactly("1=ANSWERED", "2=NOT_TRIGGERED");
            assertThat(channel.texts()).containsExactly("yes");
            assertThat(bot.pendingMessages()).isZero();
        }
    }

    @Test
    void observersAreToldOfTheStopBeforeTheStoreCloses() {
        Clock clock = Clock.fixed(START.plusSeconds(60), ZoneOffset.UTC);
        TestChannel channel = new TestChannel();
        Pipeline pipeline = new Pipeline(new PipelineOptions("bot", false, true, "ERROR", ReplyLimits.chunkSize(500), "…", START),
                List.of(), (messages, partial) -> new Answer("yes", 1, 1), new SystemPrompt("sys", clock), ConversationMemory.NONE,  channel, clock);
        List<String> events = new CopyOnWriteArrayList<>();
        Bot bot = new Bot(List.of(new BotInstance(channel.name(), channel, pipeline)), new InMemoryInbox(100, clock),
                BotOptions.defaults(2, 100), new LoginStates(), clock, List.of(() -> events.add("store closed")));
        bot.observe(new BotObserver() {
            @Override
            public void stopped() {
                throw new IllegalStateException("a broken observer");
            }
        });
        bot.observe(new BotObserver() {
            @Override
            public void stopped() {
                events.add("observer told");
            }
        });
        bot.start();
        bot.close();

        assertThat(events).containsExactly("observer told", "store closed");
    }

    /**
     * Issue 15: every unanswered message has a reason the observers (Skipped page, metrics) see, including the two the
     * intake lets go before the pipeline. A burst of re-deliveries is told on the channel's thread while the only
     * worker is busy: no worker, no dispatcher slot, nothing queued per duplicate.
     */
    @Test
    void duplicatesAndMessagesFromBeforeTheStartAreToldWithoutAWorkerEach() throws Exception {
        Clock clock = Clock.fixed(START.plusSeconds(60), ZoneOffset.UTC);
        TestChannel channel = new TestChannel();
        java.util.concurrent.CountDownLatch modelMayAnswer = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch modelAsked = new java.util.concurrent.CountDownLatch(1);
        Pipeline pipeline = new Pipeline(new PipelineOptions("bot", false, true, "ERROR", ReplyLimits.chunkSize(500), "…", START),
                List.of(), (messages, partial) -> {
                    modelAsked.countDown();
                    try {
                        modelMayAnswer.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return new Answer("yes", 1, 1);
                }, new SystemPrompt("sys", clock), ConversationMemory.NONE, channel, clock);
        List<String> seen = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        try (Bot bot = new Bot(List.of(new BotInstance(channel.name(), channel, pipeline)), new InMemoryInbox(1_000, clock),
                BotOptions.defaults(1, 1_000), new LoginStates(), clock, List.of())) {
            bot.observe(new BotObserver() {
                @Override
                public void handled(IncomingMessage message, Outcome outcome) {
                    seen.add(message.id() + "=" + outcome);
                    threads.add(Thread.currentThread().getName());
                }
            });
            bot.start();
            channel.events.onMessage(message("1", "bot hello"));
            assertThat(modelAsked.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("the one worker is busy").isTrue();

            channel.events.onMessage(IncomingMessage.text("test", "old", Chat.privateChat("alice", "Alice"),
                    Sender.person("alice", "Alice"), "bot from yesterday").createdAt(START.minus(Duration.ofDays(1))).build());
            List<IncomingMessage> again = java.util.Collections.nCopies(500, message("1", "bot hello"));
            channel.events.onMessages(again);
            channel.events.onMessages(List.of(message("2", "bot new"), message("1", "bot hello")));

            assertThat(seen).as("told at once, while the model still answers message 1")
                    .containsExactlyElementsOf(java.util.stream.Stream.concat(java.util.stream.Stream.of("old=BEFORE_START"),
                            java.util.stream.Stream.generate(() -> "1=DUPLICATE").limit(501)).toList());
            assertThat(threads).as("on the channel's thread").containsOnly(Thread.currentThread().getName());
            assertThat(bot.pendingMessages()).as("messages 1 and 2 only").isEqualTo(2);

            modelMayAnswer.countDown();
            assertThat(bot.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(seen).endsWith("1=ANSWERED", "2=ANSWERED");
            assertThat(channel.texts()).containsExactly("yes", "yes");
        }
    }

    private static IncomingMessage message(String id, String text) {
        return IncomingMessage.text("test", id, Chat.privateChat("alice", "Alice"), Sender.person("alice", "Alice"), text)
                .createdAt(START.plusSeconds(10)).build();
    }
}
