package io.cow.app.memory;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.openai.OpenAiTokenCountEstimator;
import io.cow.core.message.IncomingMessage;
import io.cow.core.store.DailyUsage;
import io.cow.testkit.openai.FakeOpenAi;
import io.cow.testkit.openai.Fault;
import io.cow.testkit.openai.RecordedRequest;
import io.cow.testkit.store.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.cow.app.memory.MemoryBot.groupText;
import static io.cow.app.memory.MemoryBot.privateText;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conversation memory end to end: the application's wiring, the SQLite store in a data folder, jtokkit
 * token counts, and what the fake OpenAI API was sent.
 */
class ConversationMemoryTest {

    private static final OpenAiTokenCountEstimator GPT_4O = new OpenAiTokenCountEstimator("gpt-4o");

    @TempDir
    Path dataDir;

    private final FakeOpenAi fake = FakeOpenAi.start();
    private final MutableClock clock = MutableClock.startingNow();
    private final List<MemoryBot> bots = new ArrayList<>();

    @AfterEach
    void stop() {
        bots.forEach(MemoryBot::close);
        fake.close();
    }

    private MemoryBot bot(Map<String, Object> overrides) {
        MemoryBot bot = new MemoryBot(fake, dataDir, clock, overrides);
        bots.add(bot);
        return bot;
    }

    private MemoryBot bot() {
        return bot(Map.of());
    }

    /** The messages of the last request, without the system prompt, as "role: content". */
    private List<String> lastConversation() {
        List<RecordedRequest> requests = fake.requests();
        return conversation(requests.get(requests.size() - 1));
    }

    private static List<String> conversation(RecordedRequest request) {
        return request.messages().stream().filter(m -> !m.role().equals("system"))
                .map(m -> m.role() + ": " + m.content()).toList();
    }

    /** Tokens of the earlier turns sent with the last request, counted as jtokkit counts each message. */
    private int historyTokens() {
        List<RecordedRequest.Message> messages = fake.requests().get(fake.requests().size() - 1).messages();
        int tokens = 0;
        for (RecordedRequest.Message m : messages.subList(1, messages.size() - 1)) {
            tokens += tokens(m.role(), m.content());
        }
        return tokens;
    }

    private static int tokens(String role, String content) {
        return role.equals("user") ? GPT_4O.estimateTokenCountInMessage(UserMessage.from(content))
                : GPT_4O.estimateTokenCountInMessage(AiMessage.from(content));
    }

    @Test
    void aFollowUpQuestionCarriesTheEarlierTurns() {
        MemoryBot bot = bot();
        bot.say(privateText("alice", "My name is Alice."), privateText("alice", "What is my name?"));

        assertThat(lastConversation()).containsExactly(
                "user: My name is Alice.",
                "assistant: Echo: My name is Alice.",
                "user: What is my name?");
        assertThat(fake.requests().get(1).messages().get(0).role()).as("the system prompt comes first").isEqualTo("system");
    }

    @Test
    void trimmingKeepsTheNewestTurnsWithinTheTokenBudget() {
        int budget = 120;
        MemoryBot bot = bot(Map.of("memory.historyTokens", budget));
        List<String> questions = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            questions.add("Please remember that fact number " + i + " is about the colour of the sky at dawn.");
        }
        for (String question : questions) {
            bot.say(privateText("alice", question));
        }
        bot.say(privateText("alice", "Which facts do you remember?"));

        List<String> sent = lastConversation();
        int turnsSent = (sent.size() - 1) / 2;
        assertThat(turnsSent).as("some turns were dropped, some kept").isBetween(1, 11);
        List<String> expected = new ArrayList<>();
        for (String question : questions.subList(questions.size() - turnsSent, questions.size())) {
            expected.add("user: " + question);
            expected.add("assistant: Echo: " + question);
        }
        expected.add("user: Which facts do you remember?");
        assertThat(sent).as("the newest turns, oldest first").containsExactlyElementsOf(expected);

        String droppedQuestion = questions.get(questions.size() - turnsSent - 1);
        int droppedTurn = tokens("user", droppedQuestion) + tokens("assistant", "Echo: " + droppedQuestion);
        assertThat(historyTokens()).isLessThanOrEqualTo(budget);
        assertThat(historyTokens() + droppedTurn).as("the next older turn would not have fit").isGreaterThan(budget);
    }

    @Test
    void aSingleTurnLargerThanTheBudgetIsCutNotSentWhole() {
        int budget = 100;
        String longAnswer = "The quick brown fox jumps over the lazy dog. ".repeat(100);
        fake.answer(r -> r.lastUserMessage().equals("Tell me a long story.") ? longAnswer : "Short.");
        MemoryBot bot = bot(Map.of("memory.historyTokens", budget));
        bot.say(privateText("alice", "Tell me a long story."), privateText("alice", "And now?"));

        List<String> sent = lastConversation();
        assertThat(sent).hasSize(3);
        assertThat(sent.get(0)).isEqualTo("user: Tell me a long story.");
        String cut = sent.get(1).substring("assistant: ".length());
        assertThat(cut).endsWith("…");
        assertThat(longAnswer).startsWith(cut.substring(0, cut.length() - 1));
        assertThat(historyTokens()).isLessThanOrEqualTo(budget).isGreaterThan(budget - 3);
    }

    @Test
    void aConversationExpiresAfterAnHourOfSilence() {
        MemoryBot bot = bot();
        bot.say(privateText("alice", "My name is Alice."));
        clock.advance(Duration.ofMinutes(59));
        bot.say(privateText("alice", "Still there?"));
        assertThat(lastConversation()).hasSize(3);

        clock.advance(Duration.ofMinutes(61));
        bot.say(privateText("alice", "What is my name?"));
        assertThat(lastConversation()).containsExactly("user: What is my name?");
    }

    @Test
    void theExpiryIsConfigurable() {
        MemoryBot bot = bot(Map.of("memory.expireAfter", "5m"));
        bot.say(privateText("alice", "My name is Alice."));
        clock.advance(Duration.ofMinutes(6));
        bot.say(privateText("alice", "What is my name?"));
        assertThat(lastConversation()).containsExactly("user: What is my name?");
    }

    @Test
    void resetClearsTheConversationWithoutCallingTheModel() {
        MemoryBot bot = bot();
        bot.say(privateText("alice", "My name is Alice."), privateText("alice", "#reset"));
        assertThat(fake.requests()).hasSize(1);
        assertThat(bot.channel.texts()).last().asString().contains("Memory cleared").contains("记忆已清除");

        bot.say(privateText("alice", "What is my name?"));
        assertThat(lastConversation()).containsExactly("user: What is my name?");
    }

    @Test
    void inGroupsEachMemberHasTheirOwnConversation() {
        MemoryBot bot = bot();
        bot.say(groupText("alice", "@Bot I am Alice."), groupText("bob", "@Bot I am Bob."), groupText("alice", "@Bot Who am I?"));
        assertThat(lastConversation()).containsExactly("user: I am Alice.", "assistant: Echo: I am Alice.", "user: Who am I?");

        bot.say(groupText("bob", "@Bot #reset"), groupText("alice", "@Bot And now?"));
        assertThat(lastConversation()).as("Bob's reset leaves Alice's conversation").hasSize(5);
    }

    @Test
    void withGroupScopeTheWholeGroupSharesOneConversation() {
        MemoryBot bot = bot(Map.of("memory.groupScope", "group"));
        bot.say(groupText("alice", "@Bot I am Alice."), groupText("bob", "@Bot Who spoke before me?"));
        // One conversation for several people: each question names its asker, so the model can tell them apart.
        assertThat(lastConversation()).containsExactly("user: alice: I am Alice.", "assistant: Echo: alice: I am Alice.",
                "user: bob: Who spoke before me?");

        bot.say(groupText("bob", "@Bot #清除记忆"), groupText("alice", "@Bot Who am I?"));
        assertThat(lastConversation()).containsExactly("user: alice: Who am I?");
    }

    @Test
    void aBotRestartedOnTheSameDataFolderContinuesTheConversation() {
        MemoryBot first = bot();
        first.say(privateText("alice", "My name is Alice."));
        first.close();
        bots.remove(first);

        MemoryBot second = bot();
        second.say(privateText("alice", "What is my name?"));
        assertThat(lastConversation()).containsExactly(
                "user: My name is Alice.", "assistant: Echo: My name is Alice.", "user: What is my name?");
    }

    @Test
    void theSameMessageIdIsAnsweredOnceAlsoAcrossARestart() {
        // Created "in the future" (a transport clock ahead of ours), so the start-time filter of the
        // restarted bot lets it through and only dedupe can stop it.
        IncomingMessage message = privateText("alice", "Answer me once.").createdAt(clock.instant().plus(Duration.ofMinutes(10))).build();
        MemoryBot first = bot();
        first.deliver(message);
        first.deliver(message);
        assertThat(fake.requests()).hasSize(1);
        assertThat(first.channel.texts()).containsExactly("Echo: Answer me once.");
        first.close();
        bots.remove(first);

        MemoryBot second = bot();
        second.deliver(message);
        assertThat(fake.requests()).hasSize(1);
        assertThat(second.channel.texts()).isEmpty();
    }

    @Test
    void aFailedModelCallLeavesTheConversationAsItWas() {
        MemoryBot bot = bot();
        bot.say(privateText("alice", "My name is Alice."));
        fake.failNext(Fault.serverError());
        bot.say(privateText("alice", "This one fails."));
        assertThat(bot.channel.texts()).last().asString().contains("ChatGPT摆烂了");

        bot.say(privateText("alice", "What is my name?"));
        assertThat(lastConversation()).containsExactly(
                "user: My name is Alice.", "assistant: Echo: My name is Alice.", "user: What is my name?");
    }

    @Test
    void usageIsCountedPerChatAndDayFromTheApiReport() {
        MemoryBot bot = bot();
        bot.say(privateText("alice", "Hello"), privateText("alice", "Hello again"), privateText("bob", "Hi"));

        LocalDate today = LocalDate.now(clock);
        List<DailyUsage> usage = bot.store.usage().daily(today, today);
        assertThat(usage).extracting(DailyUsage::chatKey).containsExactly("id-alice", "id-bob");
        DailyUsage alice = usage.get(0);
        assertThat(alice.requests()).isEqualTo(2);
        assertThat(alice.estimatedRequests()).as("the fake API reports usage").isZero();
        assertThat(alice.promptTokens()).isEqualTo(reportedPromptTokens(fake.requests().get(0)) + reportedPromptTokens(fake.requests().get(1)));
        assertThat(alice.completionTokens()).isPositive();
    }

    @Test
    void withMemoryOffEveryQuestionIsAskedAlone() {
        Map<String, Object> off = new HashMap<>();
        off.put("memory.enabled", false);
        MemoryBot bot = bot(off);
        bot.say(privateText("alice", "My name is Alice."), privateText("alice", "What is my name?"));
        assertThat(lastConversation()).containsExactly("user: What is my name?");
    }

    /** The fake's own prompt token count (4 per message plus about a token per 4 characters, plus 3). */
    private static int reportedPromptTokens(RecordedRequest request) {
        int prompt = 3;
        for (RecordedRequest.Message m : request.messages()) {
            String text = m.content();
            prompt += 4 + (text.isEmpty() ? 0 : Math.max(1, (text.codePointCount(0, text.length()) + 3) / 4));
        }
        return prompt;
    }
}
