package io.cow.core.pipeline;

import io.cow.core.conversation.GroupScope;
import io.cow.core.conversation.MemoryOptions;
import io.cow.core.conversation.StoredConversationMemory;
import io.cow.core.message.Chat;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.Sender;
import io.cow.core.model.Answer;
import io.cow.core.model.Answerer;
import io.cow.core.model.ModelCallException;
import io.cow.core.model.SystemPrompt;
import io.cow.core.reply.ReplyLimits;
import io.cow.core.store.ConversationKey;
import io.cow.core.store.InMemoryConversationStore;
import io.cow.core.store.InMemoryUsageStore;
import io.cow.core.store.Turn;
import io.cow.core.testing.CodePointTokens;
import io.cow.core.testing.MutableClock;
import io.cow.core.usage.StoredUsageMeter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Conversation memory and commands as the pipeline uses them, with an in-memory store and a simple token count. */
class MemoryPipelineTest {

    private static final Instant START = Instant.parse("2026-11-24T08:00:00Z");
    private final MutableClock clock = new MutableClock(START.plusSeconds(60));
    private final TestChannel channel = new TestChannel();
    private final InMemoryConversationStore conversations = new InMemoryConversationStore();
    private final InMemoryUsageStore usage = new InMemoryUsageStore();
    private final CodePointTokens tokens = new CodePointTokens();
    private final List<List<String>> asked = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicReference<ModelCallException> nextFailure = new AtomicReference<>();

    /** Answers "A<n>: <question>" and records what it was sent, without the system prompt. */
    private final Answerer model = (messages, partial) -> {
        List<String> texts = messages.stream().skip(1).map(CodePointTokens::text).toList();
        asked.add(texts);
        ModelCallException failure = nextFailure.getAndSet(null);
        if (failure != null) {
            throw failure;
        }
        return new Answer("A" + asked.size() + ": " + texts.get(texts.size() - 1), -1, -1);
    };

    private Pipeline pipeline(String keyword, GroupScope scope, int historyTokens) {
        PipelineOptions options = new PipelineOptions(keyword, false, false, "ERROR", ReplyLimits.chunkSize(500), "…", START, "#");
        MemoryOptions memoryOptions = new MemoryOptions(true, scope, historyTokens, Duration.ofHours(1));
        StoredConversationMemory memory = new StoredConversationMemory(conversations, tokens, memoryOptions, clock);
        return new Pipeline(options, List.of(), model, new SystemPrompt("sys", clock), memory,
                new StoredUsageMeter(usage, clock), channel, clock);
    }

    private Pipeline pipeline() {
        return pipeline("", GroupScope.MEMBER, 3000);
    }

    private IncomingMessage privateText(String who, String text) {
        return IncomingMessage.text("test", "m" + ids.incrementAndGet(), Chat.privateChat("id-" + who, who),
                Sender.person("id-" + who, who), text).createdAt(clock.instant()).build();
    }

    private IncomingMessage groupText(String who, String text) {
        return IncomingMessage.text("test", "m" + ids.incrementAndGet(), Chat.group("room", "Room"),
                Sender.person("id-" + who, who), text).botNames("Bot").createdAt(clock.instant()).build();
    }

    private List<String> lastAsked() {
        return asked.get(asked.size() - 1);
    }

    @Test
    void aFollowUpCarriesTheEarlierTurnsOldestFirst() {
        Pipeline p = pipeline();
        p.handle(privateText("alice", "my name is Alice"));
        p.handle(privateText("alice", "what is my name?"));
        p.handle(privateText("alice", "and again?"));

        assertThat(lastAsked()).containsExactly(
                "my name is Alice", "A1: my name is Alice",
                "what is my name?", "A2: what is my name?",
                "and again?");
    }

    @Test
    void trimmingKeepsTheNewestTurnsWithinTheBudget() {
        // Each stored turn costs 8 + 5 + 9 = 22 tokens ("qqq-n" / "A<n>: qqq-n"); 50 tokens hold two.
        Pipeline p = pipeline("", GroupScope.MEMBER, 50);
        for (int i = 1; i <= 5; i++) {
            p.handle(privateText("alice", "qqq-" + i));
        }
        p.handle(privateText("alice", "last"));

        assertThat(lastAsked()).containsExactly("qqq-4", "A4: qqq-4", "qqq-5", "A5: qqq-5", "last");
        int historyTokens = 0;
        for (String text : lastAsked().subList(0, 4)) {
            historyTokens += CodePointTokens.PER_MESSAGE + text.length();
        }
        assertThat(historyTokens).isEqualTo(44).isLessThanOrEqualTo(50);
        assertThat(historyTokens + CodePointTokens.turn("qqq-3", "A3: qqq-3")).as("one more turn would not fit").isGreaterThan(50);
    }

    @Test
    void turnsThatNoLongerFitAreForgottenSoAConversationDoesNotGrowWithoutEnd() {
        Pipeline p = pipeline("", GroupScope.MEMBER, 50);
        for (int i = 1; i <= 20; i++) {
            p.handle(privateText("alice", "qqq-" + i));
        }
        List<String> kept = conversations.newestTurns(new ConversationKey("test", "id-alice", ""), Long.MAX_VALUE, 100)
                .stream().map(Turn::question).toList();
        assertThat(kept).containsExactly("qqq-20", "qqq-19", "qqq-18");
        p.handle(privateText("alice", "last"));
        assertThat(lastAsked()).containsExactly("qqq-19", "A19: qqq-19", "qqq-20", "A20: qqq-20", "last");
    }

    @Test
    void aConversationSilentLongerThanTheExpiryStartsAfresh() {
        Pipeline p = pipeline();
        p.handle(privateText("alice", "first"));
        clock.advance(Duration.ofMinutes(59));
        p.handle(privateText("alice", "within the hour"));
        assertThat(lastAsked()).containsExactly("first", "A1: first", "within the hour");

        clock.advance(Duration.ofMinutes(60));
        p.handle(privateText("alice", "after an hour of silence"));
        assertThat(lastAsked()).containsExactly("after an hour of silence");
    }

    @Test
    void resetAndItsChineseNameForgetTheConversationWithoutAskingTheModel() {
        Pipeline p = pipeline();
        p.handle(privateText("alice", "remember this"));
        assertThat(p.handle(privateText("alice", "#reset"))).isEqualTo(Outcome.COMMAND);
        assertThat(asked).hasSize(1);
        assertThat(channel.texts()).last().asString().contains("Memory cleared");
        p.handle(privateText("alice", "what did I say?"));
        assertThat(lastAsked()).containsExactly("what did I say?");

        p.handle(privateText("alice", "remember that"));
        assertThat(p.handle(privateText("alice", "#清除记忆"))).isEqualTo(Outcome.COMMAND);
        p.handle(privateText("alice", "and now?"));
        assertThat(lastAsked()).containsExactly("and now?");
        assertThat(asked).hasSize(4);
    }

    @Test
    void resetForgetsOnlyTheCurrentConversation() {
        Pipeline p = pipeline();
        p.handle(privateText("alice", "alice's fact"));
        p.handle(privateText("bob", "bob's fact"));
        p.handle(privateText("alice", "#reset"));
        p.handle(privateText("bob", "what was it?"));
        assertThat(lastAsked()).containsExactly("bob's fact", "A2: bob's fact", "what was it?");
    }

    @Test
    void inGroupsEachMemberHasTheirOwnConversationByDefault() {
        Pipeline p = pipeline();
        p.handle(groupText("alice", "@Bot I am Alice"));
        p.handle(groupText("bob", "@Bot I am Bob"));
        p.handle(groupText("alice", "@Bot who am I?"));
        assertThat(lastAsked()).containsExactly("I am Alice", "A1: I am Alice", "who am I?");
        p.handle(groupText("bob", "@Bot who am I?"));
        assertThat(lastAsked()).containsExactly("I am Bob", "A2: I am Bob", "who am I?");
        assertThat(usage.daily(START.atZone(clock.getZone()).toLocalDate(), START.atZone(clock.getZone()).toLocalDate()))
                .as("usage is counted per person in the group").extracting(u -> u.chatKey() + "/" + u.memberKey() + ":" + u.requests())
                .containsExactly("room/id-alice:2", "room/id-bob:2");
    }

    @Test
    void withGroupScopeTheWholeGroupSharesOneConversation() {
        Pipeline p = pipeline("", GroupScope.GROUP, 3000);
        p.handle(groupText("alice", "@Bot I am Alice"));
        p.handle(groupText("bob", "@Bot who spoke before me?"));
        // each question names its asker, as the group shows them
        assertThat(lastAsked()).containsExactly("alice: I am Alice", "A1: alice: I am Alice", "bob: who spoke before me?");
        p.handle(groupText("bob", "@Bot #reset"));
        p.handle(groupText("alice", "@Bot anything?"));
        assertThat(lastAsked()).containsExactly("alice: anything?");
    }

    @Test
    void aFailedModelCallLeavesTheConversationAsItWas() {
        Pipeline p = pipeline();
        p.handle(privateText("alice", "kept"));
        nextFailure.set(new ModelCallException(500, "boom", null));
        assertThat(p.handle(privateText("alice", "lost"))).isEqualTo(Outcome.FAILED);
        p.handle(privateText("alice", "next"));
        assertThat(lastAsked()).containsExactly("kept", "A1: kept", "next");
        assertThat(usage.daily(START.atZone(clock.getZone()).toLocalDate(), START.atZone(clock.getZone()).toLocalDate()))
                .singleElement().satisfies(u -> assertThat(u.requests()).as("the failed call costs nothing").isEqualTo(2));
    }

    @Test
    void aPrivateCommandWorksWithAndWithoutTheKeyword() {
        Pipeline p = pipeline("bot:", GroupScope.MEMBER, 3000);
        assertThat(p.handle(privateText("alice", "#help"))).isEqualTo(Outcome.COMMAND);
        assertThat(p.handle(privateText("alice", "bot: #help"))).isEqualTo(Outcome.COMMAND);
        assertThat(channel.texts()).hasSize(2).allSatisfy(t -> assertThat(t).contains("#reset").contains("#清除记忆").contains("#help"));
        assertThat(asked).isEmpty();
    }

    @Test
    void aGroupCommandNeedsTheMentionAndTheKeyword() {
        Pipeline p = pipeline("bot:", GroupScope.MEMBER, 3000);
        assertThat(p.handle(groupText("alice", "#help"))).isEqualTo(Outcome.NOT_TRIGGERED);
        assertThat(p.handle(groupText("alice", "@Bot #help"))).isEqualTo(Outcome.NOT_TRIGGERED);
        assertThat(p.handle(groupText("alice", "@Bot bot: #help"))).isEqualTo(Outcome.COMMAND);
        assertThat(channel.sent).singleElement().satisfies(m -> assertThat(m.mentionIds()).containsExactly("id-alice"));
        assertThat(asked).isEmpty();
    }

    @Test
    void anUnknownCommandIsAQuestionForTheModel() {
        Pipeline p = pipeline();
        assertThat(p.handle(privateText("alice", "#hashtag of the day"))).isEqualTo(Outcome.ANSWERED);
        assertThat(lastAsked()).containsExactly("#hashtag of the day");
    }

    @Test
    void theCommandPrefixIsConfigurable() {
        PipelineOptions options = new PipelineOptions("", false, false, "ERROR", ReplyLimits.chunkSize(500), "…", START, "/");
        StoredConversationMemory memory = new StoredConversationMemory(conversations, tokens,
                new MemoryOptions(true, GroupScope.MEMBER, 3000, Duration.ofHours(1)), clock);
        Pipeline p = new Pipeline(options, List.of(), model, new SystemPrompt("sys", clock), memory,  channel, clock);
        p.handle(privateText("alice", "fact"));
        assertThat(p.handle(privateText("alice", "/reset"))).isEqualTo(Outcome.COMMAND);
        assertThat(p.handle(privateText("alice", "#reset"))).isEqualTo(Outcome.ANSWERED);
        assertThat(p.handle(privateText("alice", "/help"))).isEqualTo(Outcome.COMMAND);
        assertThat(channel.texts()).last().asString().contains("/reset").contains("/清除记忆").doesNotContain("#");
    }

    @Test
    void withMemoryOffEveryQuestionIsAskedAlone() {
        PipelineOptions options = new PipelineOptions("", false, false, "ERROR", ReplyLimits.chunkSize(500), "…", START);
        StoredConversationMemory memory = new StoredConversationMemory(conversations, tokens,
                new MemoryOptions(false, GroupScope.MEMBER, 3000, Duration.ofHours(1)), clock);
        Pipeline p = new Pipeline(options, List.of(), model, new SystemPrompt("sys", clock), memory,  channel, clock);
        p.handle(privateText("alice", "one"));
        p.handle(privateText("alice", "two"));
        assertThat(asked.get(1)).containsExactly("two");
    }

    @Test
    void usageIsEstimatedWhenTheApiReportsNone() {
        Pipeline p = pipeline();
        p.handle(privateText("alice", "hello"));
        // Estimated (four ASCII characters a token, rounded up): system "sys" (4+1) + "hello" (4+2) + 3 = 14;
        // completion "A1: hello" = 3. The row names the profile that answered.
        assertThat(usage.daily(START.atZone(clock.getZone()).toLocalDate(), START.atZone(clock.getZone()).toLocalDate()))
                .singleElement().satisfies(u -> {
                    assertThat(u.chatKey()).isEqualTo("id-alice");
                    assertThat(u.memberKey()).isEqualTo("id-alice");
                    assertThat(u.model()).isEqualTo("default");
                    assertThat(u.promptTokens()).isEqualTo(14);
                    assertThat(u.completionTokens()).isEqualTo(3);
                    assertThat(u.estimatedRequests()).isEqualTo(1);
                });
    }

    @Test
    void aConversationThreeTimesLongerThanTheBudgetKeepsASummaryThatTheRequestCarries() {
        List<String> transcripts = new ArrayList<>();
        Answerer summaries = (messages, partial) -> {
            String transcript = CodePointTokens.text(messages.get(1));
            transcripts.add(transcript);
            long turns = transcript.lines().filter(l -> l.startsWith("User: ")).count();
            return new Answer("S" + transcripts.size() + " of " + turns + " turns", -1, -1);
        };
        PipelineOptions options = new PipelineOptions("", false, false, "ERROR", ReplyLimits.chunkSize(500), "…", START, "#");
        StoredConversationMemory memory = new StoredConversationMemory(conversations, tokens,
                new MemoryOptions(true, GroupScope.MEMBER, 200, Duration.ofHours(1)), clock)
                .summarizingWith(new io.cow.core.conversation.ModelSummarizer(m -> summaries, Runnable::run));
        Pipeline p = new Pipeline(options, List.of(), model, new SystemPrompt("sys", clock), memory,
                new StoredUsageMeter(usage, clock), channel, clock);
        // Each turn is about 34 tokens ("question N" and "An: question N" with 4 each): 19 turns are 3 budgets.
        for (int n = 1; n < 20; n++) {
            p.handle(privateText("alice", "question " + n));
        }
        String summary = conversations.summary(new io.cow.core.store.ConversationKey("test", "id-alice", ""));
        p.handle(privateText("alice", "question 20"));
        assertThat(transcripts).as("summaries written, a few turns at a time").hasSizeBetween(2, 12);
        assertThat(transcripts.get(0)).startsWith("Conversation:\nUser: question 1\nAssistant: A1: question 1\n");
        assertThat(summary).startsWith("S").contains(" of ");
        List<String> last = lastAsked();
        assertThat(last.get(0)).as("the request starts with the summary")
                .isEqualTo(StoredConversationMemory.SUMMARY_INTRO + summary);
        assertThat(last).last().isEqualTo("question 20");
        assertThat(last).as("the newest turns still go whole").contains("question 19", "A19: question 19");
        if (transcripts.size() > 1) {
            assertThat(transcripts.get(1)).as("a later summary builds on the earlier one").startsWith("Summary of what came before:\nS1 of ");
        }
    }
}
