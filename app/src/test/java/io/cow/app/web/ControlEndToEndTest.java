package io.cow.app.web;

import io.cow.testkit.await.Await;
import io.cow.testkit.openai.FakeOpenAi;
import io.cow.testkit.openai.RecordedRequest;
import io.cow.testkit.store.MutableClock;
import io.cow.testkit.web.SentMessage;
import io.cow.testkit.web.SimChat;
import io.cow.testkit.web.SimContact;
import io.cow.testkit.web.SimGroup;
import io.cow.testkit.web.WebWeChatSimulator;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16's "done when" list against the web WeChat simulator and the fake model, through the whole bot as the
 * application wires it: access lists, admins and their commands, {@code #why}, quotas, rate limits, takeover.
 */
class ControlEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @AutoClose
    private final WebWeChatSimulator sim = WebBot.simulator();
    @AutoClose
    private final FakeOpenAi fake = FakeOpenAi.start();
    private SimContact alice;
    private SimContact bob;
    private SimContact dana;
    private SimContact erin;
    private SimGroup team;
    private SimGroup spam;

    @TempDir
    Path dataDir;

    @BeforeEach
    void contacts() {
        alice = sim.addFriend("Alice");
        bob = sim.addStranger("Bob");
        dana = sim.addFriend("Dana");
        erin = sim.addFriend("Erin");
        team = sim.addGroup("Team", alice, bob).botDisplayName("Team Bot");
        spam = sim.addGroup("Spam", alice, bob).botDisplayName("Team Bot");
    }

    private Map<String, String> env(Map<String, String> more) {
        Map<String, String> env = new HashMap<>(WebBot.env(sim, fake, dataDir));
        env.putAll(more);
        return env;
    }

    private WebBot loggedIn(Map<String, String> more, Clock clock) {
        WebBot bot = WebBot.start(env(more), dataDir, clock);
        sim.scanAndConfirm(WAIT);
        sim.awaitPolling(WAIT);
        return bot;
    }

    private List<String> sentTo(SimChat chat) {
        return sim.sentTo(chat).stream().map(SentMessage::content).toList();
    }

    private List<String> awaitSentTo(SimChat chat, int count) {
        Await.until(count + " texts to " + chat.name(), WAIT, () -> sim.sentTo(chat).size() >= count);
        return sentTo(chat);
    }

    /** The owner writes a command on the phone into File Transfer; the bot's answer there. */
    private String ownerCommand(String command) {
        int before = sim.sentTo(sim.filehelper()).size();
        sim.sendFromPhone(sim.filehelper(), command);
        return awaitSentTo(sim.filehelper(), before + 1).get(before);
    }

    /** Waits until a marker from Dana is answered and the bot is idle: everything written before it was handled. */
    private void handledSoFar(WebBot bot) {
        int before = sim.sentTo(dana).size();
        sim.sendText(dana, "Hi bot: marker");
        awaitSentTo(dana, before + 1);
        try {
            assertThat(bot.bot.awaitIdle(WAIT)).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private long questionsAsked() {
        return fake.requests().stream().map(RecordedRequest::lastUserMessage).filter(q -> !q.equals("marker")).count();
    }

    @Test
    void accessListsSkipWithTheirReasonsDenyBeatsAllowAndAdminsChangesSurviveARestart() {
        Map<String, String> lists = Map.of("COW_ACCESS_ALLOW", "private:/[AD].*/,group:*,Erin", "COW_ACCESS_DENY", "group:Spam,Erin");
        try (WebBot bot = loggedIn(lists, Clock.systemDefaultZone())) {
            sim.sendText(erin, "Hi bot: hi");
            sim.sendGroupText(spam, alice, "@Team Bot\u2005Hi bot: hi");
            sim.sendGroupText(team, alice, "@Team Bot\u2005Hi bot: in team");
            sim.sendText(alice, "Hi bot: hello");
            assertThat(awaitSentTo(alice, 1)).containsExactly("Echo: hello");
            assertThat(awaitSentTo(team, 1)).containsExactly("in team\n----------\nEcho: in team");
            handledSoFar(bot);
            assertThat(sentTo(erin)).isEmpty();
            assertThat(sentTo(spam)).isEmpty();
            assertThat(questionsAsked()).isEqualTo(2);

            assertThat(ownerCommand("#why Erin")).contains("not allowed").contains("access.deny").contains("'Erin'");
            assertThat(ownerCommand("#why Spam")).contains("not allowed").contains("group:Spam");
            assertThat(ownerCommand("#allow Erin")).contains("Erin");
            assertThat(ownerCommand("#deny Alice")).contains("Alice");
        }
        try (WebBot again = WebBot.start(env(lists), dataDir, Clock.systemDefaultZone())) {
            sim.awaitPolling(WAIT);
            sim.sendText(alice, "Hi bot: after the restart");
            sim.sendText(erin, "Hi bot: me too");
            assertThat(awaitSentTo(erin, 1)).containsExactly("Echo: me too");
            handledSoFar(again);
            assertThat(sentTo(alice)).containsExactly("Echo: hello");
        }
    }

    @Test
    void adminCommandsWorkForTheOwnerAndListedAdminsAndAreRefusedToOthersWithoutTheModel() {
        try (WebBot bot = loggedIn(Map.of("COW_ADMINS", "Dana"), Clock.systemDefaultZone())) {
            sim.sendText(alice, "Hi bot: one");
            awaitSentTo(alice, 1);
            String status = ownerCommand("#status");
            assertThat(status).contains("web (web): logged in as Botty").contains("Messages today / 今日消息: 1")
                    .contains("Model / 模型: default").contains("Queue / 队列: 0 waiting");

            sim.sendText(bob, "#pause all");
            sim.sendText(bob, "Hi bot: #status");
            assertThat(awaitSentTo(bob, 2)).allSatisfy(reply -> assertThat(reply).startsWith("❓").doesNotContain("pause"));
            assertThat(fake.requests()).hasSize(1);

            sim.sendText(dana, "#pause all");
            assertThat(awaitSentTo(dana, 1).get(0)).contains("Paused in every chat");
            sim.sendText(alice, "Hi bot: while paused");
            sim.sendGroupText(team, bob, "@Team Bot\u2005Hi bot: while paused");
            // Chats are handled in parallel: ask again until the bot has taken both in.
            Await.until("Alice's message skipped as paused", WAIT, () -> ownerCommand("#why Alice").contains("paused"));
            Await.until("Bob's group message skipped as paused", WAIT, () -> ownerCommand("#why Team").contains("paused"));
            sim.sendText(dana, "#why Alice");
            assertThat(awaitSentTo(dana, 2).get(1)).as("a listed admin may ask too").contains("paused");
            assertThat(fake.requests()).as("nothing is asked while paused").hasSize(1);

            assertThat(ownerCommand("#resume all")).contains("every chat again");
            sim.sendText(alice, "Hi bot: resumed");
            assertThat(awaitSentTo(alice, 2)).containsExactly("Echo: one", "Echo: resumed");
        }
    }

    @Test
    void whyAfterAMessageWithoutTheKeywordNamesTheKeyword() {
        try (WebBot bot = loggedIn(Map.of(), Clock.systemDefaultZone())) {
            sim.sendText(alice, "hello, no keyword");
            handledSoFar(bot);
            assertThat(ownerCommand("#why Alice")).contains("hello, no keyword").contains("no keyword");
        }
    }

    @Test
    void aThreeMessageQuotaGivesThreeAnswersAndOneNoticeThenSilenceAndResetsAtMidnight() {
        // A zone in which it is two minutes to midnight now: the test's clock then crosses it.
        LocalTime utc = LocalTime.now(ZoneOffset.UTC);
        int offset = LocalTime.of(23, 58).toSecondOfDay() - utc.toSecondOfDay();
        offset = offset > 12 * 3600 ? offset - 24 * 3600 : offset < -12 * 3600 ? offset + 24 * 3600 : offset;
        ZoneOffset zone = ZoneOffset.ofTotalSeconds(offset);
        MutableClock clock = new MutableClock(Instant.now(), zone);
        Map<String, String> quota = Map.of("COW_QUOTA_PER_PERSON_DAILY", "3 messages", "COW_QUOTA_NOTICE", "quota reached",
                "COW_TIMEZONE", zone.getId());
        try (WebBot bot = loggedIn(quota, clock)) {
            for (int i = 1; i <= 6; i++) {
                sim.sendText(alice, "Hi bot: q" + i);
            }
            assertThat(awaitSentTo(alice, 4)).containsExactly("Echo: q1", "Echo: q2", "Echo: q3", "quota reached");
            handledSoFar(bot);
            assertThat(sentTo(alice)).hasSize(4);
            assertThat(questionsAsked()).isEqualTo(3);

            clock.advance(Duration.ofMinutes(3));
            sim.sendText(alice, "Hi bot: a new day");
            assertThat(awaitSentTo(alice, 5)).last().isEqualTo("Echo: a new day");
        }
    }

    @Test
    void overTheQuotaTheFallbackProfileAnswers() {
        try (FakeOpenAi cheap = FakeOpenAi.start().answerWith("cheap answer")) {
            Map<String, String> quota = Map.of("COW_QUOTA_PER_PERSON_DAILY", "3 messages", "COW_QUOTA_NOTICE", "quota reached",
                    "COW_QUOTA_FALLBACK_PROFILE", "cheap");
            Map<String, Object> overrides = new HashMap<>();
            overrides.put("models", List.of(
                    Map.of("name", "main", "provider", "openai", "model", "main-model", "baseUrl", fake.baseUrl(), "apiKey", "sk-web-e2e-0123456789"),
                    Map.of("name", "cheap", "provider", "openai", "model", "cheap-model", "baseUrl", cheap.baseUrl(), "apiKey", "sk-cheap-0123456789")));
            overrides.put("model.profile", "main");
            try (WebBot bot = WebBot.start(env(quota), overrides, dataDir, Clock.systemDefaultZone())) {
                sim.scanAndConfirm(WAIT);
                sim.awaitPolling(WAIT);
                for (int i = 1; i <= 5; i++) {
                    sim.sendText(alice, "Hi bot: q" + i);
                }
                assertThat(awaitSentTo(alice, 6)).containsExactly("Echo: q1", "Echo: q2", "Echo: q3", "quota reached",
                        "cheap answer", "cheap answer");
                assertThat(cheap.requests()).extracting(RecordedRequest::lastUserMessage).containsExactly("q4", "q5");
                assertThat(cheap.requests()).allSatisfy(r -> assertThat(r.json().path("model").asText()).isEqualTo("cheap-model"));
            }
        }
    }

    @Test
    void fiftyMessagesFromOneMemberInASecondGetFiveAnswersWhileAnotherChatIsAnsweredAtOnce() {
        MutableClock clock = MutableClock.startingNow();
        try (WebBot bot = loggedIn(Map.of("COW_RATE_LIMIT_PER_PERSON", "5/1m"), clock)) {
            for (int i = 1; i <= 50; i++) {
                sim.sendGroupText(team, bob, "@Team Bot\u2005Hi bot: flood " + i);
            }
            sim.sendText(alice, "Hi bot: me");
            assertThat(awaitSentTo(alice, 1)).containsExactly("Echo: me");
            handledSoFar(bot);
            assertThat(sentTo(team)).hasSize(5);
            assertThat(ownerCommand("#why Bob")).contains("rate limit").contains("5/1m");
        }
    }

    @Test
    void afterTheOwnerWritesByHandTheBotKeepsQuietThereForTheQuietPeriod() {
        MutableClock clock = MutableClock.startingNow();
        try (WebBot bot = loggedIn(Map.of("COW_TAKEOVER_QUIET_FOR", "10m"), clock)) {
            sim.sendText(alice, "Hi bot: before");
            awaitSentTo(alice, 1);
            // Own messages of the bot's first second are never a takeover (they may be echoes from before a restart).
            long started = clock.instant().getEpochSecond();
            Await.until("the clock to pass the bot's first second", WAIT, () -> Instant.now().getEpochSecond() > started);
            sim.sendFromPhone(alice, "let me answer this one myself");
            sim.sendText(alice, "Hi bot: during");
            handledSoFar(bot);
            assertThat(sentTo(alice)).as("the bot's own echo did not count as the owner").containsExactly("Echo: before");
            assertThat(ownerCommand("#why Alice")).contains("taken over");

            clock.advance(Duration.ofMinutes(10));
            sim.sendText(alice, "Hi bot: after");
            assertThat(awaitSentTo(alice, 2)).containsExactly("Echo: before", "Echo: after");
        }
    }
}
