package io.cow.app.store;

import io.cow.core.message.ChatKind;
import io.cow.core.message.Chat;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.Sender;
import io.cow.core.store.ConversationKey;
import io.cow.core.store.Inbox;
import io.cow.core.store.DailyUsage;
import io.cow.core.store.SeenChat;
import io.cow.core.store.Turn;
import io.cow.core.store.UsageKey;
import io.cow.testkit.store.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The store's contract, run against SQLite and against a real PostgreSQL server: every case here holds for both.
 * Open stores with {@link #open()}: a case that reopens gets the same database again.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(StoreKind.class)
class StoreContractTest {

    @Parameter
    StoreKind kind;

    private static final ConversationKey ALICE = new ConversationKey("web", "alice", "");
    private static final ConversationKey BOB_IN_TEAM = new ConversationKey("web", "team", "bob");

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T08:00:00Z"), ZoneOffset.UTC);
    private final List<SqliteStore> opened = new ArrayList<>();
    private StoreLocation location;

    @BeforeEach
    void newDatabase() {
        location = kind.newLocation(dataDir);
    }

    @AfterEach
    void closeAll() {
        opened.forEach(SqliteStore::close);
    }

    private SqliteStore open() {
        SqliteStore store = SqliteStore.open(location, dataDir, new StoreOptions(Duration.ofHours(24)), clock);
        opened.add(store);
        return store;
    }

    private Turn turn(String question) {
        return Turn.of(question, "answer to " + question, clock.instant());
    }

    /** Takes a message in; true when it was new. */
    static boolean takeIn(SqliteStore store, String channel, String id) {
        return !store.inbox().takeIn(List.of(message(channel, id))).isEmpty();
    }

    static IncomingMessage message(String channel, String id) {
        return IncomingMessage.text(channel, id, Chat.privateChat("alice", "Alice"), Sender.person("alice", "Alice"), "text of " + id)
                .createdAt(Instant.parse("2026-11-24T08:00:00Z")).build();
    }

    private static List<String> questions(List<Turn> turns) {
        return turns.stream().map(Turn::question).toList();
    }

    @Test
    void turnsComeBackNewestFirstPageByPageAndOnlyForTheirConversation() {
        SqliteStore store = open();
        for (int i = 1; i <= 5; i++) {
            store.conversations().append(ALICE, turn("q" + i));
            store.conversations().append(BOB_IN_TEAM, turn("bob" + i));
        }
        List<Turn> firstPage = store.conversations().newestTurns(ALICE, Long.MAX_VALUE, 3);
        assertThat(questions(firstPage)).containsExactly("q5", "q4", "q3");
        assertThat(firstPage.get(0).answer()).isEqualTo("answer to q5");
        assertThat(firstPage.get(0).at()).isEqualTo(clock.instant());
        List<Turn> secondPage = store.conversations().newestTurns(ALICE, firstPage.get(2).id(), 3);
        assertThat(questions(secondPage)).containsExactly("q2", "q1");
        assertThat(store.conversations().newestTurns(new ConversationKey("web", "team", ""), Long.MAX_VALUE, 10))
                .as("the group's shared conversation is not a member's").isEmpty();
    }

    @Test
    void forgettingOldTurnsKeepsTheNewerOnes() {
        SqliteStore store = open();
        List<Turn> stored = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            stored.add(store.conversations().append(ALICE, turn("q" + i)));
        }
        store.conversations().forgetBefore(ALICE, stored.get(2).id());
        assertThat(questions(store.conversations().newestTurns(ALICE, Long.MAX_VALUE, 10))).containsExactly("q4", "q3");
    }

    @Test
    void clearingForgetsOneConversationOnly() {
        SqliteStore store = open();
        store.conversations().append(ALICE, turn("a"));
        store.conversations().append(BOB_IN_TEAM, turn("b"));
        store.conversations().clear(ALICE);
        assertThat(store.conversations().newestTurns(ALICE, Long.MAX_VALUE, 10)).isEmpty();
        assertThat(store.conversations().newestTurns(BOB_IN_TEAM, Long.MAX_VALUE, 10)).hasSize(1);
        store.conversations().append(ALICE, turn("again"));
        assertThat(questions(store.conversations().newestTurns(ALICE, Long.MAX_VALUE, 10))).containsExactly("again");
    }

    @Test
    void inactiveConversationsAreForgottenByTheirNewestTurn() {
        SqliteStore store = open();
        store.conversations().append(ALICE, turn("old"));
        store.conversations().append(BOB_IN_TEAM, turn("old"));
        clock.advance(Duration.ofMinutes(30));
        store.conversations().append(BOB_IN_TEAM, turn("recent"));
        clock.advance(Duration.ofMinutes(40));

        assertThat(store.conversations().clearInactiveSince(clock.instant().minus(Duration.ofHours(1)))).isEqualTo(1);
        assertThat(store.conversations().newestTurns(ALICE, Long.MAX_VALUE, 10)).isEmpty();
        assertThat(questions(store.conversations().newestTurns(BOB_IN_TEAM, Long.MAX_VALUE, 10))).containsExactly("recent", "old");
    }

    @Test
    void everythingSurvivesAReopen() {
        SqliteStore first = open();
        first.conversations().append(ALICE, turn("remember me"));
        first.channelState().put("web", "session", "{\"cookie\":\"secret\"}");
        assertThat(takeIn(first, "web", "m1")).isTrue();
        assertThat(takeIn(first, "web", "m2")).isTrue();
        first.inbox().done(message("web", "m2"));
        first.usage().add(new UsageKey("web", "alice", "alice", "gpt-4o"), LocalDate.of(2026, 11, 24), 100, 20, false);
        first.chats().saw(List.of(new SeenChat("web", "alice", ChatKind.PRIVATE, "Alice", Instant.ofEpochMilli(5), "ANSWERED", 1)));
        first.close();

        SqliteStore second = open();
        assertThat(questions(second.conversations().newestTurns(ALICE, Long.MAX_VALUE, 10))).containsExactly("remember me");
        assertThat(second.channelState().get("web", "session")).contains("{\"cookie\":\"secret\"}");
        assertThat(takeIn(second, "web", "m1")).as("taken in before the restart").isFalse();
        assertThat(takeIn(second, "web", "m2")).as("handled before the restart").isFalse();
        assertThat(takeIn(second, "ilink", "m1")).as("ids are per channel").isTrue();
        assertThat(second.inbox().unhandled("web")).extracting(w -> w.message().id()).containsExactly("m1");
        assertThat(second.usage().daily(LocalDate.of(2026, 11, 24), LocalDate.of(2026, 11, 24))).hasSize(1);
        assertThat(second.chats().find("web", "alice")).map(SeenChat::title).contains("Alice");
    }

    @Test
    void aMessageIdIsTakenInOnlyOnceAlsoWithinOneBatch() {
        SqliteStore store = open();
        assertThat(store.inbox().takeIn(List.of(message("web", "m1"), message("web", "m2"), message("web", "m1"))))
                .extracting(IncomingMessage::id).containsExactly("m1", "m2");
        assertThat(takeIn(store, "web", "m1")).isFalse();
        assertThat(takeIn(store, "web", "m3")).isTrue();
    }

    @Test
    void waitingMessagesComeBackWholeInOrderWithTheirAttemptsCounted() {
        SqliteStore store = open();
        IncomingMessage group = IncomingMessage.text("web", "g1", new Chat("@@room", "Team", io.cow.core.message.ChatKind.GROUP, "Team"),
                        new Sender("@bob", "Bob's key", "Bob", io.cow.core.message.SenderKind.PERSON), "@Bot hi")
                .createdAt(Instant.parse("2026-11-24T07:59:00Z")).mentionsBot(true).botNames("Bot", "Bot in Team").build();
        store.inbox().takeIn(List.of(message("web", "m1"), group, message("web", "m3")));
        clock.advance(Duration.ofSeconds(5));
        store.inbox().done(message("web", "m1"));

        List<Inbox.Waiting> first = store.inbox().unhandled("web");
        assertThat(first).extracting(Inbox.Waiting::message).containsExactly(group, message("web", "m3"));
        assertThat(first.get(0).receivedAt()).isEqualTo(Instant.parse("2026-11-24T08:00:00Z"));
        assertThat(first).extracting(Inbox.Waiting::attempts).containsExactly(1, 1);
        assertThat(store.inbox().unhandled("web")).extracting(Inbox.Waiting::attempts).containsExactly(2, 2);
        assertThat(store.inbox().unhandled("ilink")).isEmpty();
    }

    @Test
    void handledIdsArePrunedAfterTheirMaximumAgeButWaitingMessagesNever() {
        SqliteStore store = open();
        takeIn(store, "web", "old");
        takeIn(store, "web", "old, waiting");
        store.inbox().done(message("web", "old"));
        clock.advance(Duration.ofHours(23));
        takeIn(store, "web", "young");
        store.inbox().done(message("web", "young"));
        clock.advance(Duration.ofHours(2));

        assertThat(store.pruneInbox()).isEqualTo(1);
        assertThat(takeIn(store, "web", "young")).isFalse();
        assertThat(takeIn(store, "web", "old, waiting")).isFalse();
        assertThat(takeIn(store, "web", "old")).as("forgotten after 24 h").isTrue();
    }

    @Test
    void handledIdsArePrunedAtStart() {
        SqliteStore store = open();
        takeIn(store, "web", "old");
        store.inbox().done(message("web", "old"));
        store.close();
        clock.advance(Duration.ofDays(2));
        assertThat(takeIn(open(), "web", "old")).isTrue();
    }

    @Test
    void theInboxRemembersWhenAChannelLastListened() {
        SqliteStore store = open();
        assertThat(store.inbox().lastHeard("web")).isEmpty();
        store.inbox().heard("web", clock.instant());
        store.close();
        assertThat(open().inbox().lastHeard("web")).contains(clock.instant());
    }

    @Test
    void channelStateCanBeReplacedAndRemoved() {
        SqliteStore store = open();
        assertThat(store.channelState().get("web", "session")).isEmpty();
        store.channelState().put("web", "session", "one");
        store.channelState().put("web", "session", "two");
        store.channelState().put("ilink", "session", "other");
        assertThat(store.channelState().get("web", "session")).contains("two");
        store.channelState().remove("web", "session");
        assertThat(store.channelState().get("web", "session")).isEmpty();
        assertThat(store.channelState().get("ilink", "session")).contains("other");
    }

    @Test
    void usageAddsUpPerPersonChatModelAndDay() {
        SqliteStore store = open();
        LocalDate day = LocalDate.of(2026, 11, 24);
        store.usage().add(new UsageKey("web", "alice", "alice", "gpt-4o"), day, 100, 20, false);
        store.usage().add(new UsageKey("web", "alice", "alice", "gpt-4o"), day, 50, 5, true);
        store.usage().add(new UsageKey("web", "alice", "alice", "qwen"), day, 9, 9, false);
        store.usage().add(new UsageKey("web", "team", "bob", "gpt-4o"), day, 7, 3, false);
        store.usage().add(new UsageKey("web", "team", "carol", "gpt-4o"), day, 1, 2, false);
        store.usage().add(new UsageKey("web", "alice", "alice", "gpt-4o"), day.plusDays(1), 1, 1, false);

        assertThat(store.usage().daily(day, day)).containsExactly(
                new DailyUsage("web", "alice", "alice", "gpt-4o", day, 2, 150, 25, 1),
                new DailyUsage("web", "alice", "alice", "qwen", day, 1, 9, 9, 0),
                new DailyUsage("web", "team", "bob", "gpt-4o", day, 1, 7, 3, 0),
                new DailyUsage("web", "team", "carol", "gpt-4o", day, 1, 1, 2, 0));
        assertThat(store.usage().daily(day, day.plusDays(1))).hasSize(5);
    }

    @Test
    void chatsSeenKeepTheirLatestStateAndCountMessages() {
        SqliteStore store = open();
        store.chats().saw(List.of(
                new SeenChat("web", "alice", ChatKind.PRIVATE, "Alice", Instant.ofEpochMilli(1_000), "ANSWERED", 2),
                new SeenChat("web", "team", ChatKind.GROUP, "Team", Instant.ofEpochMilli(2_000), "NOT_TRIGGERED", 1)));
        store.chats().saw(List.of(
                new SeenChat("web", "alice", ChatKind.PRIVATE, "Alice W.", Instant.ofEpochMilli(3_000), "NOT_TRIGGERED", 1),
                new SeenChat("web", "team", ChatKind.GROUP, "Team", Instant.ofEpochMilli(1_500), "ANSWERED", 1)));

        assertThat(store.chats().list("", 0, 10)).containsExactly(
                new SeenChat("web", "alice", ChatKind.PRIVATE, "Alice W.", Instant.ofEpochMilli(3_000), "NOT_TRIGGERED", 3),
                new SeenChat("web", "team", ChatKind.GROUP, "Team", Instant.ofEpochMilli(2_000), "NOT_TRIGGERED", 2));
        assertThat(store.chats().list("TEA", 0, 10)).extracting(SeenChat::chatKey).containsExactly("team");
        assertThat(store.chats().count("alice w")).isEqualTo(1);
        assertThat(store.chats().list("", 1, 10)).extracting(SeenChat::chatKey).containsExactly("team");
        assertThat(store.chats().find("web", "nobody")).isEmpty();
    }

    @Test
    void aChatsConversationsAreListedPerMember() {
        SqliteStore store = open();
        store.conversations().append(new ConversationKey("web", "team", "bob"), turn("q"));
        store.conversations().append(new ConversationKey("web", "team", "alice"), turn("q"));
        store.conversations().append(new ConversationKey("web", "other", ""), turn("q"));
        assertThat(store.conversations().conversationsOf("web", "team")).extracting(ConversationKey::memberKey)
                .containsExactly("alice", "bob");
        store.conversations().clear(new ConversationKey("web", "team", "bob"));
        assertThat(store.conversations().conversationsOf("web", "team")).extracting(ConversationKey::memberKey)
                .containsExactly("alice");
    }

    @Test
    void concurrentWritersLoseNothingAndTakeEachMessageInOnce() throws Exception {
        // Two stores on one database are two workers (or two processes); each runs several threads at once.
        List<SqliteStore> stores = List.of(open(), open());
        int threadsPerStore = 3;
        int rounds = 40;
        LocalDate day = LocalDate.of(2026, 11, 24);
        ConcurrentLinkedQueue<String> takenIn = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(stores.size() * threadsPerStore);
        List<Future<?>> work = new ArrayList<>();
        for (SqliteStore store : stores) {
            for (int t = 0; t < threadsPerStore; t++) {
                work.add(pool.submit(() -> {
                    for (int i = 0; i < rounds; i++) {
                        store.conversations().append(new ConversationKey("web", "chat" + i % 4, ""), turn("q" + i));
                        store.inbox().takeIn(List.of(message("web", "m" + i), message("web", "m" + (rounds - 1 - i))))
                                .forEach(m -> takenIn.add(m.id()));
                        store.usage().add(new UsageKey("web", "chat" + i % 4, "", "gpt-4o"), day, 1, 2, false);
                        store.chats().saw(List.of(new SeenChat("web", "chat" + i % 4, ChatKind.PRIVATE, "Chat", clock.instant(), "ANSWERED", 1)));
                    }
                    return null;
                }));
            }
        }
        pool.shutdown();
        for (Future<?> f : work) {
            f.get(2, TimeUnit.MINUTES);
        }

        int writes = stores.size() * threadsPerStore * rounds;
        assertThat(takenIn).as("each message id is taken in by exactly one writer").hasSize(rounds).doesNotHaveDuplicates();
        int turns = 0;
        for (int c = 0; c < 4; c++) {
            turns += stores.get(0).conversations().newestTurns(new ConversationKey("web", "chat" + c, ""), Long.MAX_VALUE, writes).size();
        }
        assertThat(turns).isEqualTo(writes);
        assertThat(stores.get(1).usage().daily(day, day)).extracting(DailyUsage::requests).containsOnly((long) writes / 4);
        assertThat(stores.get(0).chats().list("", 0, 10)).extracting(SeenChat::messages).containsOnly((long) writes / 4);
    }

    @Test
    void theDatabaseIsOneFileInWalModeReadableByItsOwnerOnly() throws Exception {
        assumeTrue(kind == StoreKind.SQLITE, "a SQLite file's own property");
        SqliteStore store = open();
        store.channelState().put("web", "session", "secret");
        Path file = dataDir.resolve("cow.db");
        assertThat(store.file()).contains(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.exists(dataDir.resolve("cow.db-wal"))).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("cow.db-wal")))).isEqualTo("rw-------");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("PRAGMA journal_mode")) {
            rows.next();
            assertThat(rows.getString(1)).isEqualTo("wal");
        }
    }

    @Test
    void loginStateSavedAsFilesByEarlierVersionsMovesIntoTheDatabase() throws Exception {
        Path web = Files.createDirectories(dataDir.resolve("state/web"));
        Files.writeString(web.resolve("session"), "{\"sid\":\"abc\"}");
        Files.writeString(web.resolve(".tmp123"), "half written");
        Files.writeString(Files.createDirectories(dataDir.resolve("state/ilink")).resolve("token"), "tok");

        SqliteStore store = open();

        assertThat(store.channelState().get("web", "session")).contains("{\"sid\":\"abc\"}");
        assertThat(store.channelState().get("ilink", "token")).contains("tok");
        assertThat(store.channelState().get("web", ".tmp123")).isEmpty();
        assertThat(dataDir.resolve("state")).as("the secret files are gone once saved").doesNotExist();
    }
}
