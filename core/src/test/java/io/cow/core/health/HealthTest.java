package io.cow.core.health;

import io.cow.core.channel.Channel;
import io.cow.core.channel.ChannelEvents;
import io.cow.core.channel.LoginQrCode;
import io.cow.core.conversation.ConversationMemory;
import io.cow.core.message.BotAccount;
import io.cow.core.message.Chat;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.OutgoingMessage;
import io.cow.core.message.Sender;
import io.cow.core.model.Answer;
import io.cow.core.model.ModelCallException;
import io.cow.core.model.SystemPrompt;
import io.cow.core.login.LoginStates;
import io.cow.core.pipeline.Bot;
import io.cow.core.pipeline.BotInstance;
import io.cow.core.pipeline.BotOptions;
import io.cow.core.pipeline.Pipeline;
import io.cow.core.pipeline.PipelineOptions;
import io.cow.core.reply.ReplyLimits;
import io.cow.core.store.InMemoryInbox;
import io.cow.core.store.Store;
import io.cow.core.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Each condition of the health check turns it unhealthy with a reason, and clears when its cause goes. */
class HealthTest {

    private static final Instant START = Instant.parse("2026-11-24T08:00:00Z");
    private static final HealthOptions BOUNDS = new HealthOptions(Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ofMinutes(5));

    private final MutableClock clock = new MutableClock(START);
    private final QuietChannel channel = new QuietChannel();
    private volatile boolean modelWorks = true;
    private volatile Optional<Store.Failing> storeFailing = Optional.empty();
    private final Bot bot = new Bot(List.of(new BotInstance("web", channel, new Pipeline(
            new PipelineOptions("", false, true, "ERROR", ReplyLimits.chunkSize(500), "…", START), List.of(),
            (messages, partial) -> {
                if (!modelWorks) {
                    throw new ModelCallException(500, "the provider is down", null);
                }
                return new Answer("fine", 1, 1);
            }, new SystemPrompt("", clock), ConversationMemory.NONE, channel, clock))),
            new InMemoryInbox(100, clock), BotOptions.defaults(1, 100), new LoginStates(), clock, List.of());
    private final Health health = new Health(bot, () -> storeFailing, BOUNDS, clock);

    @AfterEach
    void close() {
        bot.close();
    }

    private void ask(String id) throws InterruptedException {
        bot.events("quiet").onMessage(IncomingMessage.text("quiet", id, Chat.privateChat("alice", "Alice"), Sender.person("alice", "Alice"), "q")
                .createdAt(START.plusSeconds(1)).build());
        assertThat(bot.awaitIdle(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void aStoreFailingLongerThanItsBoundIsUnhealthyUntilItWorks() {
        bot.start();
        storeFailing = Optional.of(new Store.Failing(START, "[SQLITE_FULL] database or disk is full"));
        clock.advance(Duration.ofSeconds(30));
        assertThat(health.problem()).as("a short failure is not yet a problem").isEmpty();
        clock.advance(Duration.ofSeconds(31));
        assertThat(health.problem()).hasValueSatisfying(p -> assertThat(p).contains("database").contains("disk is full"));
        storeFailing = Optional.empty();
        assertThat(health.problem()).isEmpty();
    }

    @Test
    void aRefusedLoginIsUnhealthyAtOnceAndALongWaitForTheScanAfterItsBound() {
        bot.start();
        channel.events.onLoginQrCode(new LoginQrCode("https://login.weixin.qq.com/l/1", null));
        clock.advance(Duration.ofMinutes(6));
        channel.events.onLoginQrCode(new LoginQrCode("https://login.weixin.qq.com/l/2", null));
        clock.advance(Duration.ofMinutes(5));
        assertThat(health.problem()).as("the wait began with the first QR code")
                .hasValueSatisfying(p -> assertThat(p).contains("quiet").contains("waiting for a QR scan for 11 min"));
        channel.events.onLogin(new BotAccount("@me", "Bot"));
        assertThat(health.problem()).isEmpty();

        channel.events.onLoginRefused("web login is barred for this account (1203)");
        assertThat(health.problem()).hasValueSatisfying(p -> assertThat(p).contains("refused").contains("1203"));
    }

    @Test
    void questionsThatAllFailForLongerThanTheBoundAreUnhealthyAndOneAnswerHeals() throws Exception {
        bot.start();
        ask("1");
        modelWorks = false;
        clock.advance(Duration.ofMinutes(2));
        ask("2");
        clock.advance(Duration.ofMinutes(4));
        ask("3");
        assertThat(health.problem()).hasValueSatisfying(p -> assertThat(p).contains("no question answered for 6 min"));
        modelWorks = true;
        ask("4");
        assertThat(health.problem()).isEmpty();
    }

    @Test
    void aQuietBotIsHealthy() {
        bot.start();
        clock.advance(Duration.ofHours(5));
        assertThat(health.problem()).isEmpty();
    }

    /** A channel that sends into the void and lets the test play the transport's events. */
    private static final class QuietChannel implements Channel {
        volatile ChannelEvents events;

        @Override
        public String name() {
            return "quiet";
        }

        @Override
        public void start(ChannelEvents events) {
            this.events = events;
        }

        @Override
        public CompletableFuture<Void> send(OutgoingMessage message) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
        }
    }
}
