package io.cow.core.pipeline;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.cow.core.conversation.ConversationMemory;
import io.cow.core.message.Chat;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.MessageKind;
import io.cow.core.message.Sender;
import io.cow.core.model.Answer;
import io.cow.core.model.SystemPrompt;
import io.cow.core.reply.ReplyLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** At DEBUG, every message the bot does not answer logs one line with the reason, the one its outcome names. */
class SkipReasonLogTest {

    private static final Instant START = Instant.parse("2026-11-24T08:00:00Z");
    private final Clock clock = Clock.fixed(START.plusSeconds(60), ZoneOffset.UTC);
    private final TestChannel channel = new TestChannel();
    private final List<Logger> loggers = List.of((Logger) LoggerFactory.getLogger(Pipeline.class),
            (Logger) LoggerFactory.getLogger(Intake.class));
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final List<Level> levelsBefore = new java.util.ArrayList<>();
    private Pipeline pipeline;

    @BeforeEach
    void setUp() {
        logged.start();
        for (Logger logger : loggers) {
            levelsBefore.add(logger.getLevel());
            logger.setLevel(Level.DEBUG);
            logger.addAppender(logged);
        }
        PipelineOptions options = new PipelineOptions("Hi bot:", false, true, "ERROR", ReplyLimits.chunkSize(500), "…", START);
        pipeline = new Pipeline(options, List.of(), (messages, partial) -> new Answer("the answer", 1, 1),
                new SystemPrompt("sys", clock), ConversationMemory.NONE, channel, clock);
    }

    @AfterEach
    void tearDown() {
        for (int i = 0; i < loggers.size(); i++) {
            loggers.get(i).detachAppender(logged);
            loggers.get(i).setLevel(levelsBefore.get(i));
        }
    }

    private List<String> skipLines() {
        return logged.list.stream().filter(e -> e.getLevel() == Level.DEBUG)
                .map(ILoggingEvent::getFormattedMessage).filter(m -> m.startsWith("Skipped message")).toList();
    }

    private static IncomingMessage.Builder fromAlice(String id, String text) {
        return IncomingMessage.text("test", id, Chat.privateChat("alice", "Alice"), Sender.person("alice", "Alice"), text)
                .createdAt(START.plusSeconds(10));
    }

    private static IncomingMessage.Builder inGroup(String id, String text) {
        return IncomingMessage.text("test", id, Chat.group("team", "Team"), Sender.person("bob", "Bob"), text)
                .createdAt(START.plusSeconds(10)).botNames("Bot");
    }

    /** Handles the message and returns the one skip line it logged. */
    private String skipLine(IncomingMessage message, Outcome expected) {
        logged.list.clear();
        assertThat(pipeline.handle(message)).isEqualTo(expected);
        List<String> skips = skipLines();
        assertThat(skips).as("skip lines for %s", expected).hasSize(1);
        return skips.get(0);
    }

    @Test
    void anUnkeywordedPrivateMessageLogsWhyItWasNotAnswered() {
        assertThat(skipLine(fromAlice("m1", "hello").build(), Outcome.NOT_TRIGGERED))
                .isEqualTo("Skipped message m1: not triggered: a private message must start with the trigger keyword 'Hi bot:'");
    }

    @Test
    void groupMessagesSayWhatWasMissing() {
        assertThat(skipLine(inGroup("g1", "hello all").build(), Outcome.NOT_TRIGGERED))
                .endsWith("not triggered: a group message must start with @Bot and then the trigger keyword 'Hi bot:'");
        assertThat(skipLine(inGroup("g2", "@Bot hello").build(), Outcome.NOT_TRIGGERED))
                .endsWith("not triggered: after @Bot a group message must go on with the trigger keyword 'Hi bot:'");
    }

    @Test
    void everyOtherUnansweredOutcomeLogsItsReason() {
        assertThat(pipeline.handle(fromAlice("a1", "Hi bot: question").build())).isEqualTo(Outcome.ANSWERED);

        assertThat(skipLine(fromAlice("echo", "the answer").fromSelf(true).build(), Outcome.ECHO)).endsWith("echoed back by the transport");
        assertThat(skipLine(fromAlice("img", "").kind(MessageKind.IMAGE).build(), Outcome.NOISE)).startsWith("Skipped message img: ");
        assertThat(skipLine(fromAlice("empty", "Hi bot:  ").build(), Outcome.EMPTY_QUESTION)).endsWith("no question after the trigger");
    }

    /** Duplicates and old messages are dropped before the pipeline, by the bot's intake: they say so too. */
    @Test
    void theIntakeLogsDuplicatesAndMessagesFromBeforeTheStart() throws Exception {
        try (Bot bot = new Bot(channel, pipeline, 2, 100)) {
            bot.start();
            channel.events.onMessage(fromAlice("d1", "Hi bot: question").build());
            assertThat(bot.awaitIdle(java.time.Duration.ofSeconds(10))).isTrue();
            logged.list.clear();
            channel.events.onMessage(fromAlice("d1", "Hi bot: question").build());
            channel.events.onMessage(fromAlice("old", "Hi bot: question").createdAt(START.minus(java.time.Duration.ofDays(30))).build());
            assertThat(bot.awaitIdle(java.time.Duration.ofSeconds(10))).isTrue();
        }
        assertThat(skipLines()).containsExactlyInAnyOrder("Skipped message d1: already seen",
                "Skipped message old: created before the bot listened");
    }
}
