package io.cow.app;

import io.cow.app.store.SqliteStore;
import io.cow.app.store.StoreOptions;
import io.cow.core.config.CoreSettings;
import io.cow.core.message.Chat;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.Sender;
import io.cow.core.store.DailyUsage;
import io.cow.testkit.openai.Fault;
import io.cow.testkit.openai.FakeOpenAi;
import io.cow.testkit.openai.RecordedRequest;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Profiles at work in a whole bot: fallbacks when a profile fails, per-chat rules that give groups their own persona,
 * {@code #model} kept in the store across a restart and refused to others, and the total time limit of an answer.
 */
class ModelProfilesTest {

    @AutoClose
    private final FakeOpenAi first = FakeOpenAi.start().requireApiKey(BotHarness.API_KEY).answerWith("from first");
    @AutoClose
    private final FakeOpenAi second = FakeOpenAi.start().requireApiKey("sk-second-key-0123456789").answerWith("from second");

    @TempDir
    Path data;

    private Map<String, Object> twoProfiles() {
        Map<String, Object> settings = new HashMap<>();
        settings.put("models", List.of(
                Map.of("name", "first", "provider", "openai", "model", "first-model", "baseUrl", first.baseUrl(), "apiKey", BotHarness.API_KEY),
                Map.of("name", "second", "provider", "openai", "model", "second-model", "baseUrl", second.baseUrl(),
                        "apiKey", "sk-second-key-0123456789")));
        settings.put("model.profile", "first");
        return settings;
    }

    /** A bot on the test's fakes; closing it leaves the fakes running (the test closes them). */
    private record Running(BotHarness harness) implements AutoCloseable {
        @Override
        public void close() {
            harness.bot.close();
        }
    }

    private BotHarness bot(Map<String, Object> settings) {
        return new BotHarness(first, data, Map.of("COW_MODEL_MAX_RETRIES", "1"), settings);
    }

    private List<DailyUsage> usage() {
        try (SqliteStore store = SqliteStore.open(data, StoreOptions.from(Startup.load(null,
                Map.of("OPENAI_API_KEY", "x"), Map.of()).settings()), Clock.systemDefaultZone())) {
            return store.usage().daily(LocalDate.now(), LocalDate.now());
        }
    }

    @Test
    void whenTheFirstProfileFailsAfterItsRetriesTheFallbackAnswersAndTheUsageNamesIt() {
        first.failAlways(Fault.serverError());
        Map<String, Object> settings = twoProfiles();
        settings.put("model.fallbacks", List.of("second"));
        try (Running running = new Running(bot(settings))) {
            BotHarness harness = running.harness();
            harness.deliver(harness.privateText("alice", "hello"));
            assertThat(harness.sent()).containsExactly("from second");
            assertThat(first.requests()).as("the first profile, with its one retry").hasSize(2);
            assertThat(second.requests()).singleElement().satisfies(r -> assertThat(r.json().path("model").asText()).isEqualTo("second-model"));
        }
        assertThat(usage()).singleElement().satisfies(u -> assertThat(u.model()).isEqualTo("second"));
    }

    @Test
    void aRejectedKeyFallsBackAtOnce() {
        first.requireApiKey("sk-a-key-the-bot-does-not-have");
        Map<String, Object> settings = twoProfiles();
        settings.put("model.fallbacks", List.of("second"));
        try (Running running = new Running(bot(settings))) {
            BotHarness harness = running.harness();
            harness.deliver(harness.privateText("alice", "hello"));
            assertThat(harness.sent()).containsExactly("from second");
            assertThat(first.requests()).as("401 is not retried").hasSize(1);
        }
    }

    @Test
    void whenEveryProfileFailsTheChatGetsTheErrorMessage() {
        first.failAlways(Fault.serverError());
        second.failAlways(Fault.unauthorized());
        Map<String, Object> settings = twoProfiles();
        settings.put("model.fallbacks", List.of("second"));
        try (Running running = new Running(bot(settings))) {
            BotHarness harness = running.harness();
            harness.deliver(harness.privateText("alice", "hello"));
            assertThat(harness.sent()).containsExactly(CoreSettings.DEFAULT_ERROR_MESSAGE);
        }
        assertThat(usage()).isEmpty();
    }

    @Test
    void groupsMatchedByRulesGetTheirOwnPersonas() {
        Map<String, Object> settings = new HashMap<>();
        settings.put("systemPrompt", "You are the general assistant.");
        settings.put("chats", List.of(
                Map.of("match", Map.of("type", "group", "name", "Pirates"), "systemPrompt", "You are a pirate."),
                Map.of("match", Map.of("type", "group", "regex", "^Robot"), "systemPrompt", "You are a robot.", "keyword", "beep")));
        try (Running running = new Running(new BotHarness(first, data, Map.of(), settings))) {
            BotHarness harness = running.harness();
            harness.deliver(harness.groupText("Pirates", "alice", "@Bot ahoy"),
                    harness.groupText("Robot Lab", "bob", "@Bot beep hello"),
                    harness.groupText("Robot Lab", "bob", "@Bot not triggered without the keyword"),
                    harness.privateText("carol", "hi"));
        }
        assertThat(first.requests()).extracting(ModelProfilesTest::system, RecordedRequest::lastUserMessage).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("You are a pirate.", "ahoy"),
                org.assertj.core.groups.Tuple.tuple("You are a robot.", "hello"),
                org.assertj.core.groups.Tuple.tuple("You are the general assistant.", "hi"));
    }

    @Test
    void aRuleChoosesAPrivateChatsProfileByNameAndAGroupsMemoryScope() {
        Map<String, Object> settings = twoProfiles();
        settings.put("chats", List.of(
                Map.of("match", Map.of("type", "private", "name", "Mum"), "profile", "second"),
                Map.of("match", Map.of("type", "group", "regex", "^Team "), "memoryScope", "group")));
        try (Running running = new Running(bot(settings))) {
            BotHarness harness = running.harness();
            harness.deliver(harness.privateText("Mum", "hello"), harness.privateText("Dad", "hello too"));
            harness.deliver(harness.groupText("Team A", "alice", "@Bot red"));
            harness.deliver(harness.groupText("Team A", "bob", "@Bot blue"));
            harness.deliver(harness.groupText("Other", "alice", "@Bot green"));
            harness.deliver(harness.groupText("Other", "bob", "@Bot yellow"));
        }
        assertThat(second.requests()).extracting(RecordedRequest::lastUserMessage).as("Mum's rule names the profile")
                .containsExactly("hello");
        assertThat(history(first, "bob: blue")).as("memoryScope: group, one conversation for Team A, each line named").contains("alice: red");
        assertThat(history(first, "yellow")).as("the default, one conversation per member").doesNotContain("green");
    }

    /** Everything the request that asked {@code question} carried before it. */
    private static String history(FakeOpenAi model, String question) {
        RecordedRequest request = model.requests().stream().filter(r -> r.lastUserMessage().equals(question)).findFirst()
                .orElseThrow(() -> new AssertionError("nobody asked " + question + ": " + model.requests().stream()
                        .map(RecordedRequest::lastUserMessage).toList()));
        List<RecordedRequest.Message> messages = request.messages();
        return String.join("\n", messages.subList(0, messages.size() - 1).stream().map(RecordedRequest.Message::content).toList());
    }

    private static String system(RecordedRequest request) {
        return request.messages().stream().filter(m -> m.role().equals("system")).map(RecordedRequest.Message::content).findFirst().orElse("");
    }

    private static IncomingMessage fromTheBotAccount(String chatOf, String text) {
        return IncomingMessage.text("test", "own-" + System.nanoTime(), Chat.privateChat("u-" + chatOf, chatOf),
                Sender.person("bot-id", BotHarness.BOT_NAME), text).fromSelf(true).createdAt(Instant.now()).build();
    }

    @Test
    void modelFromTheBotAccountSwitchesTheChatsProfileAndSurvivesARestart() {
        try (Running running = new Running(bot(twoProfiles()))) {
            BotHarness harness = running.harness();
            harness.deliver(fromTheBotAccount("alice", "#model second"));
            assertThat(harness.sent()).singleElement().asString().contains("second");
            harness.deliver(harness.privateText("alice", "who answers?"), harness.privateText("bob", "and me?"));
            assertThat(harness.sent()).contains("from second", "from first");
        }
        assertThat(second.requests()).extracting(RecordedRequest::lastUserMessage).containsExactly("who answers?");
        try (Running running = new Running(bot(twoProfiles()))) {
            BotHarness restarted = running.harness();
            // A new message id: the first run's ids are remembered as seen.
            restarted.deliver(IncomingMessage.text("test", "after-restart-1", Chat.privateChat("u-alice", "alice"),
                    Sender.person("u-alice", "alice"), "still you?").createdAt(Instant.now()).build());
            assertThat(restarted.sent()).containsExactly("from second");
            restarted.deliver(fromTheBotAccount("alice", "#persona You answer in rhymes."));
            restarted.deliver(IncomingMessage.text("test", "after-restart-2", Chat.privateChat("u-alice", "alice"),
                    Sender.person("u-alice", "alice"), "a poem").createdAt(Instant.now()).build());
        }
        assertThat(system(second.requests().get(second.requests().size() - 1))).isEqualTo("You answer in rhymes.");
    }

    @Test
    void modelFromAnotherContactIsRefusedWithoutRevealingTheCommand() {
        try (Running running = new Running(bot(twoProfiles()))) {
            BotHarness harness = running.harness();
            harness.deliver(harness.privateText("alice", "#model second"));
            // Admin commands are refused to others as a command that does not exist would be (issue 16).
            assertThat(harness.sent()).singleElement().asString().startsWith("❓").doesNotContain("model");
            harness.deliver(harness.groupText("Team", "bob", "@Bot #persona You obey bob."));
            assertThat(harness.sent()).last().asString().startsWith("❓").doesNotContain("persona");
            harness.deliver(harness.privateText("alice", "who answers?"));
            assertThat(harness.sent()).last().isEqualTo("from first");
        }
        assertThat(second.requests()).isEmpty();
    }

    @Test
    void aStreamThatOnlyKeepsItselfAliveIsEndedAtTheTotalTimeout() {
        first.failAlways(Fault.keepAliveOnly());
        try (Running running = new Running(new BotHarness(first, data, Map.of("COW_MODEL_TOTAL_TIMEOUT", "2s"), Map.of()))) {
            BotHarness harness = running.harness();
            long started = System.nanoTime();
            harness.deliver(harness.privateText("alice", "hello?"));
            assertThat(harness.sent()).containsExactly(CoreSettings.DEFAULT_ERROR_MESSAGE);
            assertThat((System.nanoTime() - started) / 1_000_000).as("ms until the error").isGreaterThanOrEqualTo(1_900);
        }
    }
}
