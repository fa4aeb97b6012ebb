package io.cow.bench.store;

import io.cow.app.BotAssembly;
import io.cow.app.model.ModelTokenizer;
import io.cow.app.store.SqliteStore;
import io.cow.app.store.StoreLocation;
import io.cow.app.store.StoreOptions;
import io.cow.core.conversation.GroupScope;
import io.cow.core.conversation.MemoryOptions;
import io.cow.core.conversation.StoredConversationMemory;
import io.cow.core.message.Chat;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.Sender;
import io.cow.core.model.Answer;
import io.cow.core.store.ConversationKey;
import io.cow.core.store.Turn;
import io.cow.testkit.store.TestPostgres;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The store's figures, on SQLite and on PostgreSQL in the same run: turns written and read per second, database size
 * per 1,000 turns, message ids recorded per second, and what memory adds to one answered question. Single thread, on
 * fresh databases: SQLite files in a temporary folder (or the folder given as the first argument), PostgreSQL an
 * embedded server on 127.0.0.1 that flushes its commits to disk as a production server does.
 *
 * <p>Run from the repository root: {@code bench/run io.cow.bench.store.StoreBenchmark [folder]}.
 */
public final class StoreBenchmark {

    private static final int CONVERSATIONS = 200;
    private static final int TURNS_PER_CONVERSATION = 100;
    private static final int TURNS = CONVERSATIONS * TURNS_PER_CONVERSATION;
    private static final int READS = 20_000;
    private static final int PAGE = 32;
    private static final int SEEN_IDS = 20_000;
    private static final int MEMORY_ROUNDS = 2_000;

    private StoreBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Files.createDirectories(Path.of(args[0])) : Files.createTempDirectory("cow-store-bench");
        try (TestPostgres postgres = TestPostgres.start(true)) {
            System.out.printf(Locale.ROOT, "Store benchmark: %,d turns in %d conversations, %,d page reads of %d turns, %,d message ids, "
                    + "%,d questions through memory%n", TURNS, CONVERSATIONS, READS, PAGE, SEEN_IDS, MEMORY_ROUNDS);
            run(new SqliteFiles(dir));
            run(new Postgres(postgres, dir));
        } finally {
            if (args.length == 0) {
                deleteTree(dir);
            }
        }
    }

    /** Where one run's two databases (turns, message ids) are. */
    private interface Target {
        String describe();

        /** Opens the database of one part of the run, the same one each time for the same part. */
        SqliteStore open(String part, Clock clock) throws IOException;

        long bytes(String part) throws IOException;
    }

    private record SqliteFiles(Path dir) implements Target {
        public String describe() {
            return "SQLite, files under " + dir;
        }

        public SqliteStore open(String part, Clock clock) throws IOException {
            return SqliteStore.open(Files.createDirectories(dir.resolve(part)), StoreOptions.defaults(), clock);
        }

        public long bytes(String part) throws IOException {
            return Files.size(dir.resolve(part).resolve(SqliteStore.FILE_NAME));
        }
    }

    private static final class Postgres implements Target {
        private final TestPostgres server;
        private final Path dir;
        private final Map<String, TestPostgres.TestDatabase> databases = new HashMap<>();

        Postgres(TestPostgres server, Path dir) {
            this.server = server;
            this.dir = dir;
        }

        public String describe() {
            return "PostgreSQL (embedded, 127.0.0.1, fsync on), a connection pool of " + StoreOptions.defaults().poolSize();
        }

        public SqliteStore open(String part, Clock clock) throws IOException {
            TestPostgres.TestDatabase db = databases.computeIfAbsent(part, p -> server.newDatabase());
            StoreLocation location = new StoreLocation.PostgresServer(db.jdbcUrl(), TestPostgres.TestDatabase.USER, "", db.url());
            return SqliteStore.open(location, Files.createDirectories(dir.resolve("pg-" + part)), StoreOptions.defaults(), clock);
        }

        /** The tables' own size (a new PostgreSQL database starts with some MiB of catalog, not counted). */
        public long bytes(String part) throws IOException {
            try (Connection c = databases.get(part).connect(); Statement s = c.createStatement();
                 ResultSet rows = s.executeQuery("SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c "
                         + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'")) {
                rows.next();
                return rows.getLong(1);
            } catch (SQLException e) {
                throw new IOException(e);
            }
        }
    }

    private static void run(Target target) throws IOException {
        Clock clock = Clock.systemDefaultZone();
        Random random = new Random(42);
        System.out.printf(Locale.ROOT, "%s%n", target.describe());
        long payload = 0;
        try (SqliteStore store = target.open("turns", clock)) {
            long[] writeNanos = new long[TURNS];
            long cpu = cpuNanos();
            long start = System.nanoTime();
            for (int t = 0; t < TURNS_PER_CONVERSATION; t++) {
                for (int c = 0; c < CONVERSATIONS; c++) {
                    Turn turn = Turn.of(question(c, t), answer(random), clock.instant());
                    payload += turn.question().getBytes(StandardCharsets.UTF_8).length + turn.answer().getBytes(StandardCharsets.UTF_8).length;
                    long before = System.nanoTime();
                    store.conversations().append(key(c), turn);
                    writeNanos[t * CONVERSATIONS + c] = System.nanoTime() - before;
                }
            }
            report("turns written", TURNS, System.nanoTime() - start, cpuNanos() - cpu, writeNanos);
        }
        long turnsBytes = target.bytes("turns");

        try (SqliteStore store = target.open("turns", clock)) {
            long[] readNanos = new long[READS];
            long turnsRead = 0;
            long cpu = cpuNanos();
            long start = System.nanoTime();
            for (int i = 0; i < READS; i++) {
                long before = System.nanoTime();
                turnsRead += store.conversations().newestTurns(key(random.nextInt(CONVERSATIONS)), Long.MAX_VALUE, PAGE).size();
                readNanos[i] = System.nanoTime() - before;
            }
            long readTotal = System.nanoTime() - start;
            report("page reads (" + PAGE + " turns)", READS, readTotal, cpuNanos() - cpu, readNanos);
            System.out.printf(Locale.ROOT, "  %-28s %,12.0f /s%n", "turns read", turnsRead / seconds(readTotal));
            memoryRound(store, clock, random);
        }

        try (SqliteStore store = target.open("ids", clock)) {
            Chat chat = Chat.privateChat("alice", "Alice");
            Sender sender = Sender.person("alice", "Alice");
            long[] seenNanos = new long[SEEN_IDS];
            long cpu = cpuNanos();
            long start = System.nanoTime();
            for (int i = 0; i < SEEN_IDS; i++) {
                long before = System.nanoTime();
                IncomingMessage message = IncomingMessage.text("bench", "msg-" + i, chat, sender, "question " + i).build();
                store.inbox().takeIn(List.of(message));
                store.inbox().done(message);
                seenNanos[i] = System.nanoTime() - before;
            }
            report("messages taken in, handled", SEEN_IDS, System.nanoTime() - start, cpuNanos() - cpu, seenNanos);
        }
        long idsBytes = target.bytes("ids");

        System.out.printf(Locale.ROOT, "  %-28s %,12.0f KiB per 1,000 turns (%,d bytes for %,d turns; text %,.0f bytes per turn in UTF-8)%n",
                "database size", turnsBytes / 1024.0 / (TURNS / 1000.0), turnsBytes, TURNS, (double) payload / TURNS);
        System.out.printf(Locale.ROOT, "  %-28s %,12.0f KiB per 1,000 message ids%n",
                "database size", idsBytes / 1024.0 / (SEEN_IDS / 1000.0));
    }

    /** What memory adds to one answered question (history before the model, record after it), wired as the bot does. */
    private static void memoryRound(SqliteStore store, Clock clock, Random random) {
        ModelTokenizer tokenizer = new ModelTokenizer("gpt-4o");
        StoredConversationMemory memory = new StoredConversationMemory(BotAssembly.conversations(store), tokenizer,
                new MemoryOptions(true, GroupScope.MEMBER, 3_000, Duration.ofHours(1)), clock);
        tokenizer.estimateTokenCountInText("load the encoding before measuring");
        long[] nanos = new long[MEMORY_ROUNDS];
        long cpu = cpuNanos();
        long start = System.nanoTime();
        for (int i = 0; i < MEMORY_ROUNDS; i++) {
            int c = random.nextInt(CONVERSATIONS);
            IncomingMessage message = IncomingMessage.text("bench", "mem-" + i, Chat.privateChat("chat-" + c, "chat " + c),
                    Sender.person("chat-" + c, "chat " + c), question(c, i)).createdAt(clock.instant()).build();
            long before = System.nanoTime();
            memory.history(message);
            memory.record(message, question(c, i), new Answer(answer(random), 100, 100));
            nanos[i] = System.nanoTime() - before;
        }
        report("questions (history+record)", MEMORY_ROUNDS, System.nanoTime() - start, cpuNanos() - cpu, nanos);
    }

    private static ConversationKey key(int conversation) {
        return new ConversationKey("bench", "chat-" + conversation, "");
    }

    private static String question(int conversation, int turn) {
        return "第" + turn + "个问题 from chat " + conversation + ": what should I cook tonight?";
    }

    private static final String[] WORDS = {"the", "recipe", "needs", "garlic", "and", "ginger", "番茄", "炒蛋", "minutes", "heat",
            "slowly", "serve", "with", "rice", "米饭", "好吃"};

    private static String answer(Random random) {
        StringBuilder text = new StringBuilder();
        while (text.length() < 300) {
            text.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
        }
        return text.toString().strip();
    }

    /** Prints throughput (wall clock), CPU per operation of this thread, and the latency percentiles. */
    private static void report(String what, int count, long wallNanos, long cpuNanos, long[] each) {
        long[] sorted = each.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "  %-28s %,9.0f /s   CPU %6.1f µs each   median %6.1f µs   p99 %7.1f µs   max %8.1f µs%n",
                what, count / seconds(wallNanos), cpuNanos / 1e3 / count, sorted[sorted.length / 2] / 1e3,
                sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1e3, sorted[sorted.length - 1] / 1e3);
    }

    private static long cpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
