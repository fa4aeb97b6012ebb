package io.cow.core.pipeline;

import io.cow.core.channel.ChannelEvents;
import io.cow.core.conversation.ConversationMemory;
import io.cow.core.message.Chat;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.Sender;
import io.cow.core.model.Answer;
import io.cow.core.model.SystemPrompt;
import io.cow.core.reply.ReplyLimits;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The bot's own messages (every reply comes back as one) end where the transport hands them over, not on a worker. */
class BotOwnMessagesTest {

    private static final Instant START = Instant.parse("2026-11-24T08:00:00Z");

    @Test
    void theBotsOwnEchoIsSkippedOnTheTransportsThreadAndObserversStillHearOfIt() throws Exception {
        Clock clock = Clock.fixed(START.plusSeconds(60), ZoneOffset.UTC);
        TestChannel channel = new TestChannel();
        Pipeline pipeline = new Pipeline(new PipelineOptions("", false, true, "ERROR", ReplyLimits.chunkSize(500), "…", START),
                List.of(), (messages, partial) -> new Answer("the answer", 1, 1), new SystemPrompt("sys", clock),
                ConversationMemory.NONE,  channel, clock);
        List<String> seen = new CopyOnWriteArrayList<>();
        try (Bot bot = new Bot(channel, pipeline, 2, 100)) {
            bot.observe(new BotObserver() {
                @Override
                public void handled(IncomingMessage message, Outcome outcome) {
                    seen.add(message.id() + "=" + outcome + " on " + Thread.currentThread().getName());
                }
            });
            ChannelEvents events = bot.events("test");
            events.onMessage(message("1", "question", false));
            assertThat(bot.awaitIdle(Duration.ofSeconds(10))).isTrue();
            events.onMessage(message("2", "the answer", true));

            String here = Thread.currentThread().getName();
            assertThat(seen).hasSize(2);
            assertThat(seen.get(0)).startsWith("1=ANSWERED on answer-");
            assertThat(seen.get(1)).as("the echo of its reply, as handle would say").isEqualTo("2=ECHO on " + here);
            assertThat(bot.pendingMessages()).isZero();
            assertThat(channel.texts()).containsExactly("the answer");
        }
    }

    private static IncomingMessage message(String id, String text, boolean fromSelf) {
        return IncomingMessage.text("test", id, Chat.privateChat("alice", "Alice"), Sender.person("alice", "Alice"), text)
                .createdAt(START.plusSeconds(10)).fromSelf(fromSelf).build();
    }
}
