package io.cow.core.pipeline;

import io.cow.core.access.AccessRules;
import io.cow.core.channel.kit.PartSources;
import io.cow.core.chat.ChatProfile;
import io.cow.core.chat.ChatProfiles;
import io.cow.core.control.Control;
import io.cow.core.control.ControlOptions;
import io.cow.core.control.DailyLimit;
import io.cow.core.control.Rate;
import io.cow.core.conversation.ConversationMemory;
import io.cow.core.conversation.GroupScope;
import io.cow.core.media.MediaStage;
import io.cow.core.message.Chat;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.OutgoingMessage;
import io.cow.core.message.Sender;
import io.cow.core.model.Answer;
import io.cow.core.model.Answerer;
import io.cow.core.model.ModelProfiles;
import io.cow.core.outbox.DurableOutbox;
import io.cow.core.reply.ReplyLimits;
import io.cow.core.store.InMemoryChatSettingsStore;
import io.cow.core.store.InMemoryConversationStore;
import io.cow.core.store.InMemoryOutbox;
import io.cow.core.store.InMemoryUsageStore;
import io.cow.core.store.Outbox;
import io.cow.core.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The owner's controls in the pipeline, one case per rule of issue 16, with a clock the test moves. */
class ControlPipelineTest {

    private static final Instant START = Instant.parse("2026-11-24T20:00:00Z");
    private final MutableClock clock = new MutableClock(START.plusSeconds(60));
    private final TestChannel channel = new TestChannel();
    private final InMemoryChatSettingsStore settings = new InMemoryChatSettingsStore();
    private final InMemoryUsageStore usage = new InMemoryUsageStore();
    private final List<String> asked = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private ControlOptions options = ControlOptions.defaults();
    private AccessRules access = AccessRules.EVERYONE;
    private String keyword = "";
    private String answer = "the answer";
    private Control control;
    private DurableOutbox outbox;

    private Answerer model(String name) {
        return (messages, partial) -> {
            synchronized (asked) {
                asked.add(name);
            }
            return new Answer(answer, 10, 5);
        };
    }

    private Pipeline pipeline() {
        control = new Control(options.withZone(ZoneOffset.UTC), settings, usage, clock);
        Map<String, Supplier<Answerer>> makers = Map.of("main", () -> model("main"), "cheap", () -> model("cheap"));
        ModelProfiles models = new ModelProfiles("main", makers, List.of(), Duration.ofMinutes(1));
        PipelineOptions pipelineOptions = new PipelineOptions(keyword, false, false, "ERROR", ReplyLimits.chunkSize(500), "…",
                START, "#", access);
        return new Pipeline(pipelineOptions, List.of(), models,
                ChatProfiles.fixed(new ChatProfile("main", "sys", keyword, GroupScope.MEMBER)), ConversationMemory.NONE,
                control.counting((m, p, a) -> { }), channel, outbox, clock, control.admins(), control, MediaStage.none());
    }

    private Outcome handle(Pipeline p, IncomingMessage message) {
        Outcome outcome = p.handle(message);
        control.handled(message, outcome);
        return outcome;
    }

    private IncomingMessage fromContact(String name, String text) {
        return IncomingMessage.text("test", "m" + ids.incrementAndGet(), Chat.privateChat("u-" + name, name),
                Sender.person("u-" + name, name), text).createdAt(clock.instant()).build();
    }

    private IncomingMessage inGroup(String topic, String member, String text) {
        return IncomingMessage.text("test", "m" + ids.incrementAndGet(), Chat.group("g-" + topic, topic),
                Sender.person("u-" + member, member), text).botNames("Bot").createdAt(clock.instant()).build();
    }

    private IncomingMessage fromOwner(Chat chat, String text) {
        return IncomingMessage.text("test", "m" + ids.incrementAndGet(), chat, Sender.person("me", "Me"), text)
                .fromSelf(true).createdAt(clock.instant()).build();
    }

    private String lastSent() {
        List<String> texts = channel.texts();
        return texts.get(texts.size() - 1);
    }

    @Test
    void aDeniedGroupAndAContactOffTheAllowListAreNotAnsweredAndWhyNamesTheList() {
        access = AccessRules.of(List.of("private:/A.*/", "group:*"), List.of("group:Spam"));
        Pipeline p = pipeline();
        assertThat(handle(p, inGroup("Spam", "Alice", "@Bot hi"))).isEqualTo(Outcome.NOT_ALLOWED);
        assertThat(handle(p, fromContact("Bob", "hi"))).isEqualTo(Outcome.NOT_ALLOWED);
        assertThat(handle(p, fromContact("Alice", "hi"))).as("the regular expression allows her").isEqualTo(Outcome.ANSWERED);
        handle(p, fromOwner(Chat.privateChat("filehelper", "File Transfer"), "#why Bob"));
        assertThat(lastSent()).contains("not allowed").contains("access.allow");
        assertThat(handle(p, inGroup("Team", "Bob", "@Bot hi"))).as("* allows every other group").isEqualTo(Outcome.ANSWERED);
        assertThat(asked).hasSize(2);
        handle(p, fromOwner(Chat.privateChat("filehelper", "File Transfer"), "#why Bob"));
        assertThat(lastSent()).as("Bob's last message").endsWith("answered");
        handle(p, fromOwner(Chat.privateChat("filehelper", "File Transfer"), "#why Spam"));
        assertThat(lastSent()).as("a group is named by its topic").contains("not allowed").contains("group:Spam");
        p.handle(fromOwner(Chat.group("g-Spam", "Spam"), "#why"));
        assertThat(lastSent()).contains("the deny list (access.deny) has 'group:Spam'");
    }

    @Test
    void denyBeatsAllowAndAdminsChangesSurviveARestart() {
        access = AccessRules.of(List.of("Alice"), List.of("Alice"));
        Pipeline p = pipeline();
        assertThat(handle(p, fromContact("Alice", "hi"))).isEqualTo(Outcome.NOT_ALLOWED);
        Chat files = Chat.privateChat("filehelper", "File Transfer");
        handle(p, fromOwner(files, "#allow Alice"));
        handle(p, fromOwner(files, "#deny Carol"));
        assertThat(handle(p, fromContact("Alice", "hi"))).isEqualTo(Outcome.ANSWERED);

        Pipeline restarted = pipeline();
        assertThat(handle(restarted, fromContact("Alice", "again"))).isEqualTo(Outcome.ANSWERED);
        assertThat(handle(restarted, fromContact("Carol", "hi"))).isEqualTo(Outcome.NOT_ALLOWED);
        handle(restarted, fromOwner(files, "#why Carol"));
        assertThat(lastSent()).contains("#deny Carol");
    }

    @Test
    void adminCommandsWorkForTheBotAccountAndListedAdminsAndAreHiddenFromOthers() {
        options = new ControlOptions(List.of("Dana"), DailyLimit.NONE, DailyLimit.NONE, "", "notice", Rate.NONE, Rate.NONE, false, 20,
                Duration.ofMinutes(10), List.of(), "", List.of(), false, "withheld", ZoneOffset.UTC);
        Pipeline p = pipeline();
        assertThat(handle(p, fromOwner(Chat.privateChat("filehelper", "File Transfer"), "#status"))).isEqualTo(Outcome.COMMAND);
        assertThat(lastSent()).contains("Status").contains("Messages today");
        assertThat(handle(p, fromContact("Dana", "#pause all"))).isEqualTo(Outcome.COMMAND);
        assertThat(lastSent()).contains("Paused in every chat");

        assertThat(handle(p, fromContact("Eve", "#resume all"))).isEqualTo(Outcome.COMMAND);
        assertThat(lastSent()).startsWith("❓").doesNotContain("resume");
        assertThat(handle(p, fromContact("Eve", "#model cheap"))).isEqualTo(Outcome.COMMAND);
        assertThat(lastSent()).startsWith("❓");
        assertThat(handle(p, fromContact("Eve", "#help"))).isEqualTo(Outcome.COMMAND);
        assertThat(lastSent()).contains("#usage").doesNotContain("#pause").doesNotContain("#model");
        assertThat(handle(p, fromContact("Eve", "question"))).isEqualTo(Outcome.PAUSED);
        assertThat(handle(p, inGroup("Team", "Eve", "@Bot question"))).isEqualTo(Outcome.PAUSED);
        assertThat(asked).as("the model is never called while paused or for refused commands").isEmpty();

        assertThat(handle(p, fromContact("Dana", "#resume all"))).isEqualTo(Outcome.COMMAND);
        assertThat(handle(p, fromContact("Eve", "question"))).isEqualTo(Outcome.ANSWERED);
        assertThat(handle(p, fromContact("Dana", "#pause"))).isEqualTo(Outcome.COMMAND);
        assertThat(handle(p, fromContact("Dana", "question"))).as("only Dana's chat is paused").isEqualTo(Outcome.PAUSED);
        assertThat(handle(p, fromContact("Eve", "question"))).isEqualTo(Outcome.ANSWERED);
    }

    @Test
    void whyNamesTheMissingKeyword() {
        keyword = "bot";
        Pipeline p = pipeline();
        assertThat(handle(p, fromContact("Alice", "hello there"))).isEqualTo(Outcome.NOT_TRIGGERED);
        handle(p, fromOwner(Chat.privateChat("u-Alice", "Alice"), "#why"));
        assertThat(lastSent()).contains("Alice").contains("no keyword");
    }

    @Test
    void aThreeMessageQuotaGivesThreeAnswersOneNoticeThenSilenceUntilMidnight() {
        options = quota(DailyLimit.parse("3 messages"), "");
        Pipeline p = pipeline();
        for (int i = 0; i < 6; i++) {
            handle(p, fromContact("Alice", "q" + i));
        }
        assertThat(channel.texts()).containsExactly("the answer", "the answer", "the answer", "quota reached");
        clock.advance(Duration.ofHours(4));
        assertThat(handle(p, fromContact("Alice", "after midnight"))).isEqualTo(Outcome.ANSWERED);
        assertThat(asked).hasSize(4);
    }

    @Test
    void overTheQuotaTheFallbackProfileAnswers() {
        options = quota(DailyLimit.parse("3 messages"), "cheap");
        Pipeline p = pipeline();
        for (int i = 0; i < 5; i++) {
            assertThat(handle(p, fromContact("Alice", "q" + i))).isEqualTo(Outcome.ANSWERED);
        }
        assertThat(asked).containsExactly("main", "main", "main", "cheap", "cheap");
        assertThat(channel.texts()).filteredOn("quota reached"::equals).hasSize(1);
    }

    @Test
    void aTokenQuotaCountsTheAnswersTokens() {
        options = quota(DailyLimit.parse("30 tokens"), "");
        Pipeline p = pipeline();
        assertThat(handle(p, fromContact("Alice", "a"))).isEqualTo(Outcome.ANSWERED);
        assertThat(handle(p, fromContact("Alice", "b"))).isEqualTo(Outcome.ANSWERED);
        assertThat(handle(p, fromContact("Alice", "c"))).as("15 tokens per answer").isEqualTo(Outcome.OVER_QUOTA);
        handle(p, fromOwner(Chat.privateChat("filehelper", "File Transfer"), "#quota Alice 100 tokens per day"));
        assertThat(handle(p, fromContact("Alice", "d"))).isEqualTo(Outcome.ANSWERED);
    }

    private ControlOptions quota(DailyLimit perPerson, String fallback) {
        return new ControlOptions(List.of(), perPerson, DailyLimit.NONE, fallback, "quota reached", Rate.NONE, Rate.NONE, false, 20,
                Duration.ofMinutes(10), List.of(), "", List.of(), false, "withheld", ZoneOffset.UTC);
    }

    @Test
    void aFloodFromOneMemberGetsFiveAnswersAndAnotherChatIsAnsweredAtOnce() {
        options = new ControlOptions(List.of(), DailyLimit.NONE, DailyLimit.NONE, "", "n", Rate.NONE, Rate.parse("5/1m"), false, 20,
                Duration.ofMinutes(10), List.of(), "", List.of(), false, "withheld", ZoneOffset.UTC);
        Pipeline p = pipeline();
        int answered = 0;
        for (int i = 0; i < 50; i++) {
            if (handle(p, inGroup("Team", "Mallory", "@Bot q" + i)) == Outcome.ANSWERED) {
                answered++;
            }
        }
        assertThat(answered).isEqualTo(5);
        assertThat(handle(p, fromContact("Alice", "hi"))).isEqualTo(Outcome.ANSWERED);
        clock.advance(Duration.ofSeconds(12));
        assertThat(handle(p, inGroup("Team", "Mallory", "@Bot later"))).as("one token back after a fifth of a minute").isEqualTo(Outcome.ANSWERED);
        assertThat(handle(p, inGroup("Team", "Mallory", "@Bot again"))).isEqualTo(Outcome.RATE_LIMITED);
    }

    @Test
    void withQueueQuestionsOverTheRateWaitTheirTurnUpToTheQueueLimit() {
        options = new ControlOptions(List.of(), DailyLimit.NONE, DailyLimit.NONE, "", "n", Rate.NONE, Rate.parse("2/6s"), true, 2,
                Duration.ofMinutes(10), List.of(), "", List.of(), false, "withheld", ZoneOffset.UTC);
        Pipeline p = pipeline();
        java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.CompletableFuture<Outcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                outcomes.add(p.handle(fromContact("Alice", "q" + i), workers).toCompletableFuture());
            }
            assertThat(outcomes.subList(0, 2)).allSatisfy(o -> assertThat(o).isCompletedWithValue(Outcome.ANSWERED));
            assertThat(outcomes.get(2)).as("waits for its token").isNotDone();
            assertThat(outcomes.get(4)).as("over the queue limit of 2").isCompletedWithValue(Outcome.RATE_LIMITED);
            assertThat(outcomes.get(2).orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join()).isEqualTo(Outcome.ANSWERED);
            assertThat(outcomes.get(3).orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join()).isEqualTo(Outcome.ANSWERED);
            assertThat(asked).hasSize(4);
        } finally {
            workers.shutdownNow();
        }
    }

    @Test
    void theOwnerWritingByHandSilencesTheChatForTheQuietPeriod() {
        Pipeline p = pipeline();
        Chat alice = Chat.privateChat("u-Alice", "Alice");
        IncomingMessage beforeTheStart = IncomingMessage.text("test", "old", Chat.privateChat("u-Carol", "Carol"),
                Sender.person("me", "Me"), "an echo from before a restart?").fromSelf(true).createdAt(START).build();
        p.skipsOwnMessage(beforeTheStart);
        assertThat(handle(p, fromContact("Carol", "question"))).as("own messages of before the start are no takeover")
                .isEqualTo(Outcome.ANSWERED);
        assertThat(p.skipsOwnMessage(fromOwner(alice, "I'll answer this myself"))).contains(Outcome.NOISE);
        assertThat(handle(p, fromContact("Alice", "question"))).isEqualTo(Outcome.TAKEN_OVER);
        assertThat(handle(p, fromContact("Bob", "question"))).isEqualTo(Outcome.ANSWERED);
        clock.advance(Duration.ofMinutes(10));
        assertThat(handle(p, fromContact("Alice", "question"))).isEqualTo(Outcome.ANSWERED);
        assertThat(p.skipsOwnMessage(fromOwner(alice, "the answer"))).as("an echo of the bot's reply is no takeover").contains(Outcome.ECHO);
        assertThat(handle(p, fromContact("Alice", "question"))).isEqualTo(Outcome.ANSWERED);
        p.skipsOwnMessage(fromOwner(alice, "again by hand"));
        p.skipsOwnMessage(fromOwner(Chat.privateChat("filehelper", "File Transfer"), "a note to myself"));
        assertThat(handle(p, fromContact("Alice", "question"))).isEqualTo(Outcome.TAKEN_OVER);
        handle(p, fromOwner(alice, "#resume"));
        assertThat(handle(p, fromContact("Alice", "question"))).isEqualTo(Outcome.ANSWERED);
    }

    @Test
    void theEchoOfAReplyAnEarlierRunLeftInTheOutboxIsNoTakeover() {
        Chat alice = Chat.privateChat("u-Alice", "Alice");
        Outbox store = new InMemoryOutbox(clock);
        InMemoryConversationStore turns = new InMemoryConversationStore();
        IncomingMessage asked = fromContact("Alice", "question before the restart");
        new DurableOutbox("test", store, turns, Duration.ofMinutes(10), clock)
                .finish(asked, List.of(new OutgoingMessage(alice, "queued at the restart", List.of(), asked)), 0);
        outbox = new DurableOutbox("test", store, turns, Duration.ofMinutes(10), clock);
        Pipeline p = pipeline();
        outbox.open(PartSources.Codec.texts(m -> m.chat().key()), true);

        assertThat(p.skipsOwnMessage(fromOwner(alice, "queued at the restart"))).contains(Outcome.ECHO);
        assertThat(handle(p, fromContact("Alice", "question"))).as("the echo of the resent part is the bot's own")
                .isEqualTo(Outcome.ANSWERED);
        p.skipsOwnMessage(fromOwner(alice, "written by hand"));
        assertThat(handle(p, fromContact("Alice", "question"))).isEqualTo(Outcome.TAKEN_OVER);
    }

    @Test
    void aBannedWordSkipsTheQuestionAndIsMaskedInAnswers() {
        options = new ControlOptions(List.of(), DailyLimit.NONE, DailyLimit.NONE, "", "n", Rate.NONE, Rate.NONE, false, 20,
                Duration.ofMinutes(10), List.of("casino", "赌博"), "", List.of("secret", "机密"), false, "withheld", ZoneOffset.UTC);
        Pipeline p = pipeline();
        assertThat(handle(p, fromContact("Alice", "best CASINO in town?"))).isEqualTo(Outcome.BANNED_WORD);
        assertThat(handle(p, fromContact("Alice", "关于赌博"))).isEqualTo(Outcome.BANNED_WORD);
        assertThat(asked).isEmpty();
        handle(p, fromOwner(Chat.privateChat("u-Alice", "Alice"), "#why"));
        assertThat(lastSent()).contains("banned word").contains("赌博");

        answer = "the Secret is out\nthe 机密 too";
        assertThat(handle(p, fromContact("Alice", "tell me"))).isEqualTo(Outcome.ANSWERED);
        assertThat(lastSent()).isEqualTo("the ****** is out\nthe ** too");
    }

    @Test
    void withWithholdAnAnswerWithABannedWordIsReplaced() {
        options = new ControlOptions(List.of(), DailyLimit.NONE, DailyLimit.NONE, "", "n", Rate.NONE, Rate.NONE, false, 20,
                Duration.ofMinutes(10), List.of(), "", List.of("secret"), true, "withheld", ZoneOffset.UTC);
        Pipeline p = pipeline();
        answer = "the secret is out";
        handle(p, fromContact("Alice", "tell me"));
        answer = "nothing to hide";
        handle(p, fromContact("Alice", "and now"));
        assertThat(channel.texts()).containsExactly("withheld", "nothing to hide");
    }
}
