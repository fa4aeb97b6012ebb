package io.cow.core.pipeline;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import io.cow.core.channel.LoginQrCode;
import io.cow.core.conversation.ConversationMemory;
import io.cow.core.login.LoginState;
import io.cow.core.login.LoginStates;
import io.cow.core.message.BotAccount;
import io.cow.core.message.Chat;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.Sender;
import io.cow.core.model.Answer;
import io.cow.core.model.Answerer;
import io.cow.core.model.SystemPrompt;
import io.cow.core.reply.ReplyLimits;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A bot with several channel instances: each message is answered by its own instance's pipeline, on its channel. */
class BotTest {

    private static final Instant START = Instant.parse("2026-11-24T08:00:00Z");
    private final Clock clock = Clock.fixed(START.plusSeconds(60), ZoneOffset.UTC);
    private final List<String> systemPrompts = new CopyOnWriteArrayList<>();

    /** Answers with the question, and notes which system prompt asked. */
    private final Answerer echo = (List<ChatMessage> messages, java.util.function.Consumer<String> partial) -> {
        systemPrompts.add(((dev.langchain4j.data.message.SystemMessage) messages.get(0)).text());
        return new Answer("A: " + ((UserMessage) messages.get(messages.size() - 1)).singleText(), 1, 1);
    };

    private BotInstance instance(TestChannel channel, String keyword, String systemPrompt) {
        PipelineOptions options = new PipelineOptions(keyword, false, true, "ERROR", ReplyLimits.chunkSize(500), "…", START);
        return new BotInstance("test", channel, new Pipeline(options, List.of(), echo, new SystemPrompt(systemPrompt, clock),
                ConversationMemory.NONE, channel, clock));
    }

    private io.cow.core.store.Inbox inbox() {
        return new io.cow.core.store.InMemoryInbox(1_000, clock);
    }

    private static IncomingMessage message(String channel, String id, String from, String text) {
        return IncomingMessage.text(channel, id, Chat.privateChat(from, from), Sender.person(from, from), text)
                .createdAt(START.plusSeconds(10)).build();
    }

    @Test
    void eachInstanceAnswersItsOwnMessagesWithItsOwnKeywordAndPrompt() throws Exception {
        TestChannel groups = new TestChannel("groups");
        TestChannel private_ = new TestChannel("private");
        try (Bot bot = new Bot(List.of(instance(groups, "", "prompt of groups"), instance(private_, "bot,", "prompt of private")),
                inbox(), BotOptions.defaults(2, 100), new LoginStates(), clock, List.of())) {
            bot.start();
            // The same chat id and message id on both accounts: neither dedupe nor ordering may mix them up.
            groups.events.onMessage(message("groups", "m1", "alice", "hello"));
            private_.events.onMessage(message("private", "m1", "alice", "bot, hello"));
            private_.events.onMessage(message("private", "m2", "alice", "no keyword"));
            assertThat(bot.awaitIdle(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(groups.texts()).containsExactly("A: hello");
        assertThat(private_.texts()).containsExactly("A: hello");
        assertThat(systemPrompts).containsExactlyInAnyOrder("prompt of groups", "prompt of private");
    }

    @Test
    void aMessageNamingAnotherChannelIsDropped() throws Exception {
        TestChannel only = new TestChannel("only");
        try (Bot bot = new Bot(only, instance(only, "", "p").pipeline(), 1, 10)) {
            bot.start();
            only.events.onMessage(message("elsewhere", "m1", "alice", "hello"));
            assertThat(bot.awaitIdle(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(only.texts()).isEmpty();
    }

    @Test
    void loginEventsOfEachInstanceArePublishedInOrder() {
        TestChannel web = new TestChannel("groups");
        TestChannel ilink = new TestChannel("private");
        LoginStates logins = new LoginStates();
        List<String> seenChanges = new ArrayList<>();
        logins.subscribe((previous, current) -> seenChanges.add(current.instance() + " "
                + (previous == null ? "-" : previous.status()) + " -> " + current.status()));
        try (Bot bot = new Bot(List.of(instance(web, "", "p"), instance(ilink, "", "p")), inbox(), BotOptions.defaults(1, 10),
                logins, clock, List.of())) {
            bot.start();
            web.events.onLoginQrCode(new LoginQrCode("https://login.example/l/1", "scan"));
            web.events.onLogin(new BotAccount("me", "Me"));
            web.events.onLogout("1101");
            ilink.events.onLoginRefused("barred");

            assertThat(bot.account("groups")).isEmpty();
            assertThat(logins.current("groups").orElseThrow().reason()).isEqualTo("1101");
            assertThat(logins.current("private").orElseThrow().status()).isEqualTo(LoginState.Status.REFUSED);
            web.events.onLogin(new BotAccount("me", "Me"));
            assertThat(bot.account("groups")).map(BotAccount::name).contains("Me");
        }
        assertThat(seenChanges).containsExactly(
                "groups - -> STARTING",
                "private - -> STARTING",
                "groups STARTING -> WAITING_FOR_SCAN",
                "groups WAITING_FOR_SCAN -> LOGGED_IN",
                "groups LOGGED_IN -> LOGGED_OUT",
                "private STARTING -> REFUSED",
                "groups LOGGED_OUT -> LOGGED_IN");
    }

    @Test
    void theBotHasFinishedWhenEveryChannelHas() {
        TestChannel a = new TestChannel("a");
        TestChannel b = new TestChannel("b");
        try (Bot bot = new Bot(List.of(instance(a, "", "p"), instance(b, "", "p")), inbox(), BotOptions.defaults(1, 10),
                new LoginStates(), clock, List.of())) {
            a.finished.complete(null);
            assertThat(bot.finished()).isNotDone();
            b.finished.complete(null);
            assertThat(bot.finished()).isDone();
        }
    }

    @Test
    void twoInstancesMayNotShareAName() {
        TestChannel a = new TestChannel("same");
        TestChannel b = new TestChannel("same");
        assertThatThrownBy(() -> new Bot(List.of(instance(a, "", "p"), instance(b, "", "p")), inbox(),
                BotOptions.defaults(1, 10), new LoginStates(), clock, List.of()))
                .hasMessageContaining("same");
    }
}
