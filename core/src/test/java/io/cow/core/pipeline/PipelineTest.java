package io.cow.core.pipeline;

import dev.langchain4j.data.message.ChatMessage;
import io.cow.core.conversation.ConversationMemory;
import io.cow.core.message.Chat;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.Sender;
import io.cow.core.model.Answer;
import io.cow.core.model.Answerer;
import io.cow.core.model.ModelCallException;
import io.cow.core.model.SystemPrompt;
import io.cow.core.plugin.Plugin;
import io.cow.core.plugin.PluginRequest;
import io.cow.core.reply.ReplyLimits;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class PipelineTest {

    private static final Instant START = Instant.parse("2026-11-24T08:00:00Z");
    private final Clock clock = Clock.fixed(START.plusSeconds(60), ZoneOffset.UTC);
    private final TestChannel channel = new TestChannel();
    private final AtomicInteger modelCalls = new AtomicInteger();

    private Pipeline pipeline(Answerer answerer, List<Plugin> plugins, boolean selfChat) {
        PipelineOptions options = new PipelineOptions("", selfChat, true, "ERROR", ReplyLimits.chunkSize(500), "…", START);
        Answerer counting = (messages, partial) -> {
            modelCalls.incrementAndGet();
            return answerer.answer(messages, partial);
        };
        return new Pipeline(options, plugins, counting, new SystemPrompt("sys {date}", clock), ConversationMemory.NONE,  channel, clock);
    }

    private static IncomingMessage.Builder privateMessage(String id, String text) {
        return IncomingMessage.text("test", id, Chat.privateChat("alice", "Alice"), Sender.person("alice", "Alice"), text)
                .createdAt(START.plusSeconds(10));
    }

    private static Answerer fixed(String text) {
        return (messages, partial) -> new Answer(text, 1, 1);
    }

    @Test
    void aChatTheAccessListsDoNotAllowIsSkippedBeforeCommandsAndTheModel() {
        PipelineOptions options = new PipelineOptions("", false, true, "ERROR", ReplyLimits.chunkSize(500), "…", START, "#",
                io.cow.core.access.AccessRules.of(List.of(), List.of("Alice")));
        Pipeline p = new Pipeline(options, List.of(), fixed("model"), new SystemPrompt("sys", clock), ConversationMemory.NONE,
                channel, clock);
        assertThat(p.handle(privateMessage("1", "question").build())).isEqualTo(Outcome.NOT_ALLOWED);
        assertThat(p.handle(privateMessage("2", "#help").build())).isEqualTo(Outcome.NOT_ALLOWED);
        assertThat(channel.texts()).isEmpty();
    }

    @Test
    void aPluginThatAnswersStopsThePipelineBeforeTheModel() {
        Plugin ping = plugin("ping", r -> r.message().text().equals("ping") ? Optional.of("pong") : Optional.empty());
        Pipeline p = pipeline(fixed("model"), List.of(ping), false);
        assertThat(p.handle(privateMessage("1", "ping").build())).isEqualTo(Outcome.PLUGIN);
        assertThat(p.handle(privateMessage("2", "other").build())).isEqualTo(Outcome.ANSWERED);
        assertThat(channel.texts()).containsExactly("pong", "model");
        assertThat(modelCalls.get()).isEqualTo(1);
    }

    @Test
    void aFailingPluginIsSkipped() {
        Plugin broken = plugin("broken", r -> {
            throw new IllegalStateException("bug");
        });
        assertThat(pipeline(fixed("model"), List.of(broken), false).handle(privateMessage("1", "q").build())).isEqualTo(Outcome.ANSWERED);
    }

    @Test
    void withSelfChatTheOwnersMessagesAreAnsweredButTheBotsEchoesAreNot() {
        Pipeline p = pipeline(fixed("the answer"), List.of(), true);
        assertThat(p.handle(privateMessage("1", "question").fromSelf(true).build())).isEqualTo(Outcome.ANSWERED);
        assertThat(p.handle(privateMessage("2", "the answer").fromSelf(true).build())).isEqualTo(Outcome.ECHO);
        assertThat(channel.texts()).containsExactly("the answer");
    }

    @Test
    void theBotsOwnMessagesThatHandleWouldSkipAreKnownBeforehand() {
        Pipeline selfChatOff = pipeline(fixed("the answer"), List.of(), false);
        assertThat(selfChatOff.skipsOwnMessage(privateMessage("1", "anything").fromSelf(true).build())).contains(Outcome.NOISE);
        assertThat(selfChatOff.handle(privateMessage("1", "anything").fromSelf(true).build())).isEqualTo(Outcome.NOISE);
        assertThat(selfChatOff.skipsOwnMessage(privateMessage("2", "anything").build())).isEmpty();
        selfChatOff.handle(privateMessage("7", "question").build());
        assertThat(selfChatOff.skipsOwnMessage(privateMessage("8", "the answer").fromSelf(true).build()))
                .as("an echo of its reply is an echo, with self-chat off too").contains(Outcome.ECHO);

        Pipeline selfChatOn = pipeline(fixed("the answer"), List.of(), true);
        assertThat(selfChatOn.skipsOwnMessage(privateMessage("3", "question").fromSelf(true).build())).as("the owner typing").isEmpty();
        selfChatOn.handle(privateMessage("4", "question").fromSelf(true).build());
        assertThat(selfChatOn.skipsOwnMessage(privateMessage("5", "the answer").fromSelf(true).build())).contains(Outcome.ECHO);
        assertThat(selfChatOn.handle(privateMessage("5", "the answer").fromSelf(true).build())).isEqualTo(Outcome.ECHO);
        assertThat(selfChatOn.skipsOwnMessage(privateMessage("6", "the answer").build())).as("the same text from the contact").isEmpty();
    }

    @Test
    void aStreamedAnswerIsSentPartByPartBeforeTheModelFinishes() throws Exception {
        CountDownLatch mayFinish = new CountDownLatch(1);
        channel.limits = ReplyLimits.chunkSize(100);
        Answerer streaming = (messages, partial) -> {
            partial.accept("a".repeat(150));
            try {
                mayFinish.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            partial.accept("b".repeat(10));
            return new Answer("a".repeat(150) + "b".repeat(10), 5, 5);
        };
        Pipeline p = pipeline(streaming, List.of(), false);
        Thread worker = new Thread(() -> p.handle(privateMessage("1", "q").build()));
        worker.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (channel.sent.isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(channel.texts()).containsExactly("a".repeat(100));
        mayFinish.countDown();
        worker.join(10_000);
        assertThat(channel.texts()).containsExactly("a".repeat(100), "a".repeat(50) + "b".repeat(10));
    }

    @Test
    void aStreamThatFailsAfterSomePartsAddsTheErrorMessage() {
        channel.limits = ReplyLimits.chunkSize(100);
        Answerer failing = (messages, partial) -> {
            partial.accept("a".repeat(140));
            throw new ModelCallException(0, "stream cut", null);
        };
        assertThat(pipeline(failing, List.of(), false).handle(privateMessage("1", "q").build())).isEqualTo(Outcome.FAILED);
        assertThat(channel.texts()).containsExactly("a".repeat(100), "ERROR");
    }

    @Test
    void anEmptyAnswerGetsTheErrorMessage() {
        assertThat(pipeline(fixed("  "), List.of(), false).handle(privateMessage("1", "q").build())).isEqualTo(Outcome.FAILED);
        assertThat(channel.texts()).containsExactly("ERROR");
    }

    @Test
    void inAGroupOnlyTheFirstPartMentionsTheAsker() {
        channel.limits = ReplyLimits.chunkSize(50);
        IncomingMessage group = IncomingMessage.text("test", "g1", Chat.group("room", "Room"), Sender.person("bob", "Bob"), "@Bot q")
                .botNames("Bot").createdAt(START.plusSeconds(1)).build();
        pipeline(fixed("x".repeat(80)), List.of(), false).handle(group);
        assertThat(channel.sent).hasSize(2);
        assertThat(channel.sent.get(0).mentionIds()).containsExactly("bob");
        assertThat(channel.sent.get(1).mentionIds()).isEmpty();
    }

    @Test
    void theModelGetsTheSystemPromptWithTheDateAndTheQuestion() {
        List<ChatMessage> asked = new ArrayList<>();
        Answerer recording = (messages, partial) -> {
            asked.addAll(messages);
            return new Answer("ok", 1, 1);
        };
        pipeline(recording, List.of(), false).handle(privateMessage("1", "what day is it").build());
        assertThat(asked).hasSize(2);
        assertThat(asked.get(0).toString()).contains("sys 2026-11-24");
        assertThat(asked.get(1).toString()).contains("what day is it");
    }

    private static Plugin plugin(String name, java.util.function.Function<PluginRequest, Optional<String>> handler) {
        return new Plugin() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Optional<String> handle(PluginRequest request) {
                return handler.apply(request);
            }
        };
    }
}
