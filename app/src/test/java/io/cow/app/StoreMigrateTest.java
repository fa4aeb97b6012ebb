package io.cow.app;

import io.cow.app.store.SqliteStore;
import io.cow.app.store.StoreOptions;
import io.cow.core.message.BotAccount;
import io.cow.core.message.Chat;
import io.cow.core.message.ChatKind;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.Sender;
import io.cow.core.pipeline.Bot;
import io.cow.core.store.ConversationKey;
import io.cow.core.store.DailyUsage;
import io.cow.core.store.SeenChat;
import io.cow.core.store.Turn;
import io.cow.core.store.UsageKey;
import io.cow.testkit.await.Await;
import io.cow.testkit.channel.RecordingChannel;
import io.cow.testkit.openai.FakeOpenAi;
import io.cow.testkit.openai.RecordedRequest;
import io.cow.testkit.store.TestPostgres;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code cow store migrate --to postgresql://…}: a cow.db with 10,000 turns goes into PostgreSQL, and the bot goes on there. */
class StoreMigrateTest {

    private static final String CHANNEL = "test";
    private static final int CHATS = 100;
    private static final int TURNS_PER_CHAT = 100;

    @TempDir
    Path work;

    @AutoClose
    private final FakeOpenAi model = FakeOpenAi.start();

    @Test
    void aCowDbWithTenThousandTurnsIsCopiedAndTheBotContinuesItsConversationsOnPostgres() throws Exception {
        Path dataDir = work.resolve("data");
        Instant now = Instant.now();
        LocalDate today = LocalDate.now();
        try (SqliteStore sqlite = SqliteStore.open(Files.createDirectories(dataDir), StoreOptions.defaults(), Clock.systemUTC())) {
            for (int chat = 0; chat < CHATS; chat++) {
                ConversationKey key = new ConversationKey(CHANNEL, "id-user" + chat, "");
                for (int turn = 0; turn < TURNS_PER_CHAT; turn++) {
                    sqlite.conversations().append(key, Turn.of("question " + turn + " of user" + chat, "answer " + turn + " to user" + chat, now));
                }
            }
            sqlite.channelState().put(CHANNEL, "session", "{\"kept\":true}");
            sqlite.inbox().takeIn(List.of(message("user0", "already answered", "m-old")));
            sqlite.inbox().done(message("user0", "already answered", "m-old"));
            sqlite.usage().add(new UsageKey(CHANNEL, "id-user0", "id-user0", "gpt-4o"), today, 100, 10, false);
            sqlite.chats().saw(List.of(new SeenChat(CHANNEL, "id-user0", ChatKind.PRIVATE, "user0", now, "ANSWERED", 100)));
        }

        TestPostgres.TestDatabase database = TestPostgres.shared().newDatabase();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        int exit;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            exit = Main.run("store", "migrate", "--data", dataDir.toString(),
                    "--to", "postgresql://" + TestPostgres.TestDatabase.USER + "@127.0.0.1:" + database.server().port() + "/" + database.name());
        } finally {
            System.setOut(stdout);
        }
        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(output).isZero();
        assertThat(output).contains("turns").contains("10,000 rows").contains("Copied");

        Map<String, String> env = new HashMap<>();
        env.put("OPENAI_API_KEY", "sk-test");
        env.put("OPENAI_BASE_URL", model.baseUrl());
        env.put("COW_DATA_DIR", work.resolve("another-worker").toString());
        env.put("COW_MODEL_SELF_TEST", "false");
        env.put("COW_STORE_URL", database.url());
        env.put("COW_STORE_USER", TestPostgres.TestDatabase.USER);
        Startup startup = Startup.load(null, env, Map.of());
        RecordingChannel channel = new RecordingChannel(CHANNEL).loginAs(new BotAccount("bot-id", "Bot"));
        try (SqliteStore postgres = SqliteStore.open(startup.settings(), startup.dataDir(), Clock.systemUTC())) {
            assertThat(postgres.file()).as("the store is PostgreSQL").isEmpty();
            assertThat(postgres.channelState().get(CHANNEL, "session")).contains("{\"kept\":true}");
            assertThat(postgres.inbox().takeIn(List.of(message("user0", "already answered", "m-old")))).as("seen ids came along").isEmpty();
            assertThat(postgres.usage().daily(today, today)).extracting(DailyUsage::promptTokens).containsExactly(100L);
            assertThat(postgres.chats().find(CHANNEL, "id-user0")).map(SeenChat::messages).contains(100L);

            Bot bot = BotAssembly.assemble(startup, channel, startup.dataDir(), Clock.systemUTC(), null, postgres);
            bot.start();
            channel.deliver(message("user42", "and what did I ask first?", "m-new"));
            List<RecordedRequest> requests = model.awaitRequests(1, Duration.ofSeconds(60));
            ConversationKey user42 = new ConversationKey(CHANNEL, "id-user42", "");
            Await.until("the new turn stored after the copied ones", Duration.ofSeconds(60),
                    () -> postgres.conversations().newestTurns(user42, Long.MAX_VALUE, 1000).size() == TURNS_PER_CHAT + 1);
            bot.close();

            List<RecordedRequest.Message> asked = requests.get(0).messages();
            assertThat(asked.get(asked.size() - 1).content()).contains("and what did I ask first?");
            assertThat(asked).extracting(RecordedRequest.Message::content)
                    .as("the conversation went on with its turns from the SQLite file")
                    .contains("question 99 of user42", "answer 99 to user42")
                    .noneMatch(text -> text.contains("user41"));
        }
    }

    private static IncomingMessage message(String who, String text, String id) {
        return IncomingMessage.text(CHANNEL, id, Chat.privateChat("id-" + who, who), Sender.person("id-" + who, who), text)
                .createdAt(Instant.now()).build();
    }
}
