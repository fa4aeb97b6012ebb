package io.cow.core.pipeline;

import io.cow.core.conversation.ConversationMemory;
import io.cow.core.login.LoginStates;
import io.cow.core.message.BotAccount;
import io.cow.core.message.Chat;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.Sender;
import io.cow.core.model.Answer;
import io.cow.core.model.Answerer;
import io.cow.core.model.SystemPrompt;
import io.cow.core.reply.ReplyLimits;
import io.cow.core.store.InMemoryInbox;
import io.cow.core.store.Inbox;
import io.cow.core.store.StoreException;
import io.cow.core.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The bot's intake and lifecycle: the inbox, dedupe, the start time, answering after a restart, stopping. */
class BotInboxTest {

    private static final Instant START = Instant.parse("2026-11-24T08:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final TestChannel channel = new TestChannel();
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private final FlakyInbox inbox = new FlakyInbox(new InMemoryInbox(1_000, clock));
    private final List<Bot> bots = new ArrayList<>();
    private volatile Answerer model = (messages, partial) -> new Answer("A " + lastQuestion(messages), 1, 1);

    @AfterEach
    void closeAll() {
        bots.forEach(Bot::close);
    }

    private Bot bot(BotOptions options) {
        PipelineOptions pipelineOptions = new PipelineOptions("", false, true, "ERROR", ReplyLimits.chunkSize(500), "…", START);
        Answerer recording = (messages, partial) -> {
            asked.add(lastQuestion(messages));
            return model.answer(messages, partial);
        };
        Pipeline pipeline = new Pipeline(pipelineOptions, List.of(), recording, new SystemPrompt("", clock),
                ConversationMemory.NONE, channel, clock);
        Bot bot = new Bot(List.of(new BotInstance("test", channel, pipeline)), inbox, options, new LoginStates(), clock, List.of());
        bots.add(bot);
        bot.start();
        return bot;
    }

    private Bot bot() {
        return bot(BotOptions.defaults(2, 100));
    }

    private static String lastQuestion(List<dev.langchain4j.data.message.ChatMessage> messages) {
        return ((dev.langchain4j.data.message.UserMessage) messages.get(messages.size() - 1)).singleText();
    }

    private static IncomingMessage message(String id, String chat, String text, Instant createdAt) {
        return IncomingMessage.text("test", id, Chat.privateChat(chat, chat), Sender.person(chat, chat), text)
                .createdAt(createdAt).build();
    }

    private static IncomingMessage message(String id, String text) {
        return message(id, "alice", text, START.plusSeconds(1));
    }

    private static void idle(Bot bot) throws InterruptedException {
        assertThat(bot.awaitIdle(Duration.ofSeconds(30))).isTrue();
    }

    @Test
    void aMessageDeliveredAgainIsAnsweredOnce() throws Exception {
        Bot bot = bot();
        events(bot).onMessages(List.of(message("1", "hello"), message("1", "hello")));
        events(bot).onMessage(message("1", "hello"));
        idle(bot);
        assertThat(asked).containsExactly("hello");
        assertThat(inbox.unhandled("test")).isEmpty();
    }

    @Test
    void messagesWrittenBeforeTheStartAreNotAnsweredNorStored() throws Exception {
        Bot bot = bot();
        events(bot).onMessages(List.of(message("old", "alice", "before", START.minusSeconds(120)), message("new", "after")));
        idle(bot);
        assertThat(asked).containsExactly("after");
        assertThat(inbox.delegate.takeIn(List.of(message("old", "alice", "before", START.minusSeconds(120))))).isNotEmpty();
    }

    @Test
    void afterAShortRestartWhatWasWrittenWhileTheBotWasAwayIsAnswered() throws Exception {
        inbox.heard("test", START.minusSeconds(60));
        Bot bot = bot();
        events(bot).onMessages(List.of(message("during", "alice", "written during the restart", START.minusSeconds(30)),
                message("before", "bob", "written well before the last run stopped listening", START.minusSeconds(150))));
        idle(bot);
        assertThat(asked).containsExactly("written during the restart");
    }

    @Test
    void aFreshInstanceIsNotedAtItsStartSoThatAKillBeforeItsLoginLosesNothingWrittenSince() throws Exception {
        bot();
        awaitTrue(() -> inbox.lastHeard("test").isPresent());
        assertThat(inbox.lastHeard("test")).contains(START);
    }

    @Test
    void aRunThatNeverLoggedInHeardNothingSoTheNextStartStillAnswersWhatWasWrittenSinceTheLastRunThatDid() throws Exception {
        inbox.heard("test", START.minusSeconds(60));
        Bot waitingForItsSession = bot();
        clock.advance(Duration.ofSeconds(20));
        waitingForItsSession.close();
        assertThat(inbox.lastHeard("test")).as("killed or stopped before its login").contains(START.minusSeconds(60));

        Bot loggedIn = bot();
        events(loggedIn).onLogin(new BotAccount("bot", "Bot"));
        assertThat(inbox.lastHeard("test")).as("listens from its login on (a kill right after it still counts)")
                .contains(START.plusSeconds(20));
        clock.advance(Duration.ofSeconds(5));
        loggedIn.close();
        assertThat(inbox.lastHeard("test")).as("listened until its stop").contains(START.plusSeconds(25));
    }

    @Test
    void afterAStopLongerThanTheInboxMaxAgeOnlyMessagesFromTheStartOnAreAnswered() throws Exception {
        inbox.heard("test", START.minus(Duration.ofMinutes(11)));
        Bot bot = bot();
        events(bot).onMessages(List.of(message("during", "alice", "written while the bot was away", START.minusSeconds(30)),
                message("now", "after the start")));
        idle(bot);
        assertThat(asked).containsExactly("after the start");
    }

    @Test
    void whatAnEarlierRunTookInAndDidNotAnswerIsAnsweredAtStartInOrderUnlessTooOld() throws Exception {
        clock.advance(Duration.ofMinutes(-15));
        inbox.takeIn(List.of(message("1", "too old")));
        clock.advance(Duration.ofMinutes(14));
        inbox.takeIn(List.of(message("2", "first"), message("3", "second"), message("4", "bob", "third", START)));
        inbox.done(message("3", "second"));
        clock.advance(Duration.ofMinutes(1));

        Bot bot = bot(BotOptions.defaults(1, 100));
        idle(bot);
        assertThat(asked).as("one worker: in the order taken in").containsExactly("first", "third");
        assertThat(inbox.unhandled("test")).as("the old one is dropped, the others answered").isEmpty();
    }

    @Test
    void aMessageThatEveryStartTookUpWithoutFinishingIsGivenUp() throws Exception {
        inbox.takeIn(List.of(message("poison", "brings the bot down"), message("fine", "bob", "fine", START)));
        for (int start = 0; start < Bot.MAX_ATTEMPTS; start++) {
            inbox.unhandled("test");
        }
        inbox.done(message("fine", "bob", "fine", START));
        Bot bot = bot();
        idle(bot);
        assertThat(asked).isEmpty();
        assertThat(inbox.unhandled("test")).isEmpty();
    }

    @Test
    void whileTheStoreFailsMessagesWaitInMemoryInOrderAndAreAnsweredOnceItWorks() throws Exception {
        Bot bot = bot();
        inbox.failing = true;
        events(bot).onMessages(List.of(message("1", "one"), message("2", "two")));
        events(bot).onMessage(message("3", "three"));
        idle(bot);
        assertThat(asked).as("nothing is answered that is not stored").isEmpty();

        inbox.failing = false;
        bot.retryStore();
        idle(bot);
        assertThat(asked).containsExactly("one", "two", "three");
        assertThat(inbox.unhandled("test")).isEmpty();
    }

    @Test
    void aLongTextIsCutToTheInputLimitAndTheModelIsToldSo() throws Exception {
        Bot bot = bot(new BotOptions(2, 100, Duration.ofMinutes(10), Duration.ofSeconds(5), 100));
        events(bot).onMessage(message("1", "x".repeat(1_000_000)));
        idle(bot);
        assertThat(asked).singleElement().satisfies(q -> {
            assertThat(q).startsWith("x".repeat(100)).doesNotContain("x".repeat(101)).contains("1000000 characters");
        });
    }

    @Test
    void onStopTheAnswerInProgressFinishesAndQueuedMessagesWaitForTheNextStart() throws Exception {
        CountDownLatch answering = new CountDownLatch(1);
        CountDownLatch mayAnswer = new CountDownLatch(1);
        model = (messages, partial) -> {
            answering.countDown();
            try {
                mayAnswer.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Answer("A " + lastQuestion(messages), 1, 1);
        };
        Bot bot = bot();
        events(bot).onMessages(List.of(message("1", "in progress"), message("2", "queued"), message("3", "queued too")));
        assertThat(answering.await(10, TimeUnit.SECONDS)).isTrue();
        Thread stopping = new Thread(bot::close);
        stopping.start();
        awaitTrue(() -> stoppedTaking(bot));
        events(bot).onMessage(message("4", "bob", "arrived while stopping", START.plusSeconds(2)));
        mayAnswer.countDown();
        stopping.join(10_000);

        assertThat(stopping.isAlive()).isFalse();
        assertThat(channel.texts()).containsExactly("A in progress");
        assertThat(inbox.unhandled("test")).extracting(w -> w.message().text())
                .containsExactly("queued", "queued too", "arrived while stopping");
    }

    @Test
    void anAnswerStillRunningWhenTheGraceIsOverIsLeftForTheNextStartWithoutAnErrorMessage() throws Exception {
        CountDownLatch answering = new CountDownLatch(1);
        model = (messages, partial) -> {
            answering.countDown();
            try {
                new CountDownLatch(1).await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new io.cow.core.model.ModelCallException(0, "interrupted", e);
            }
            return new Answer("too late", 1, 1);
        };
        Bot bot = bot(new BotOptions(2, 100, Duration.ofMinutes(10), Duration.ofMillis(200), 20_000));
        events(bot).onMessage(message("1", "slow"));
        assertThat(answering.await(10, TimeUnit.SECONDS)).isTrue();
        bot.close();

        assertThat(channel.texts()).isEmpty();
        assertThat(inbox.unhandled("test")).extracting(w -> w.message().text()).containsExactly("slow");
    }

    private static io.cow.core.channel.ChannelEvents events(Bot bot) {
        return bot.events("test");
    }

    private static boolean stoppedTaking(Bot bot) {
        return bot.stopping();
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    /** An inbox whose writes can be made to fail, as a full disk would. */
    private static final class FlakyInbox implements Inbox {
        final Inbox delegate;
        volatile boolean failing;

        FlakyInbox(Inbox delegate) {
            this.delegate = delegate;
        }

        private void check() {
            if (failing) {
                throw new StoreException("database or disk is full", null);
            }
        }

        @Override
        public List<IncomingMessage> takeIn(List<IncomingMessage> messages) {
            check();
            return delegate.takeIn(messages);
        }

        @Override
        public void done(IncomingMessage message) {
            check();
            delegate.done(message);
        }

        @Override
        public List<Waiting> unhandled(String channel) {
            return delegate.unhandled(channel);
        }

        @Override
        public void heard(String channel, Instant at) {
            check();
            delegate.heard(channel, at);
        }

        @Override
        public Optional<Instant> lastHeard(String channel) {
            return delegate.lastHeard(channel);
        }
    }
}
