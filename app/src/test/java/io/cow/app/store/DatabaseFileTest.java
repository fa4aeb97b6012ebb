package io.cow.app.store;

import io.cow.core.config.ConfigException;
import io.cow.core.store.ConversationKey;
import io.cow.core.store.DailyUsage;
import io.cow.core.store.Turn;
import io.cow.core.store.UsageKey;
import io.cow.testkit.store.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the store does with a file at the database path that it did not write, or wrote long ago. */
class DatabaseFileTest {

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T08:00:00Z"), ZoneOffset.UTC);

    private Path file() {
        return dataDir.resolve("cow.db");
    }

    private SqliteStore open() {
        return SqliteStore.open(dataDir, new StoreOptions(Duration.ofDays(1)), clock);
    }

    private void assertRefused(String reason) {
        assertThatThrownBy(this::open)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("the database file " + file().toAbsolutePath() + " cannot be used")
                .hasMessageContaining(reason)
                .hasMessageContaining("--data");
    }

    @Test
    void aTextFileIsRefusedNamingTheFile() throws Exception {
        Files.writeString(file(), "openaiApiKey: sk-...\nchatgptTriggerKeyword: bot\n");
        assertRefused("it is not a SQLite database");
        assertThat(Files.readString(file())).as("the file is left as it was").startsWith("openaiApiKey");
    }

    @Test
    void anotherProgramsSqliteDatabaseIsRefused() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)");
        }
        assertRefused("it is a SQLite database of another program");
    }

    @Test
    void aDatabaseOfANewerVersionIsRefused() throws Exception {
        open().close();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file());
             Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA user_version = 99");
        }
        assertRefused("written by a newer version of cow (schema version 99");
    }

    @Test
    void aDamagedDatabaseIsRefused() throws Exception {
        try (SqliteStore store = open()) {
            for (int i = 0; i < 200; i++) {
                store.conversations().append(new ConversationKey("web", "chat" + i, ""), Turn.of("q" + i, "a".repeat(300), clock.instant()));
            }
        }
        try (RandomAccessFile raw = new RandomAccessFile(file().toFile(), "rw")) {
            byte[] garbage = new byte[8192];
            Arrays.fill(garbage, (byte) 0xA5);
            raw.seek(4096);
            raw.write(garbage);
        }
        assertRefused("it is damaged (SQLite's check found: ");
    }

    @Test
    void aFolderAtTheDatabasePathIsRefused() throws Exception {
        Files.createDirectories(file());
        assertRefused("it is a folder");
    }

    @Test
    void anEmptyFileBecomesANewDatabase() throws Exception {
        Files.createFile(file());
        try (SqliteStore store = open()) {
            assertThat(SqliteStoreTest.takeIn(store, "web", "m1")).isTrue();
        }
    }

    @Test
    void aDatabaseOfSchemaVersionOneIsMigratedKeepingItsData() throws Exception {
        try (Connection v1 = DatabaseOpener.connect(file())) {
            DatabaseOpener.migrate(v1, file(), 0, 1);
            try (Statement statement = v1.createStatement()) {
                statement.execute("INSERT INTO conversations (id, channel, chat_key, member_key, updated_at) VALUES (1, 'web', 'alice', '', "
                        + clock.millis() + ")");
                statement.execute("INSERT INTO turns (conversation_id, question, answer, created_at) VALUES (1, 'my name?', 'Alice', "
                        + clock.millis() + ")");
                statement.execute("INSERT INTO seen_messages (channel, message_id, seen_at) VALUES ('web', 'm1', " + clock.millis() + ")");
                statement.execute("INSERT INTO channel_state (channel, key, value, updated_at) VALUES ('web', 'session', 'kept', 0)");
            }
            assertThat(userVersion(v1)).isEqualTo(1);
            assertThat(tableExists(v1, "usage_daily")).isFalse();
        }

        try (SqliteStore store = open()) {
            Turn turn = store.conversations().newestTurns(new ConversationKey("web", "alice", ""), Long.MAX_VALUE, 10).get(0);
            assertThat(turn.question()).isEqualTo("my name?");
            assertThat(turn.answer()).isEqualTo("Alice");
            assertThat(SqliteStoreTest.takeIn(store, "web", "m1")).as("an id seen by version 1 is still seen").isFalse();
            assertThat(store.inbox().unhandled("web")).as("and it counts as handled").isEmpty();
            assertThat(store.channelState().get("web", "session")).contains("kept");
            store.usage().add(new UsageKey("web", "alice", "alice", "gpt-4o"), LocalDate.of(2026, 11, 24), 10, 2, false);
            assertThat(store.usage().daily(LocalDate.of(2026, 11, 24), LocalDate.of(2026, 11, 24))).hasSize(1);
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file())) {
            assertThat(userVersion(connection)).isEqualTo(StoreSql.LATEST_VERSION).isEqualTo(5);
        }
    }

    @Test
    void usageOfSchemaVersionTwoIsKeptWithNoPersonOrModel() throws Exception {
        try (Connection v2 = DatabaseOpener.connect(file())) {
            DatabaseOpener.migrate(v2, file(), 0, 2);
            try (Statement statement = v2.createStatement()) {
                statement.execute("INSERT INTO usage_daily (channel, chat_key, day, requests, prompt_tokens, completion_tokens, "
                        + "estimated_requests) VALUES ('web', 'alice', '2026-11-24', 3, 300, 30, 1)");
            }
        }
        LocalDate day = LocalDate.of(2026, 11, 24);
        try (SqliteStore store = open()) {
            assertThat(store.usage().daily(day, day)).containsExactly(new DailyUsage("web", "alice", "", "", day, 3, 300, 30, 1));
            store.usage().add(new UsageKey("web", "alice", "alice", "gpt-4o"), day, 10, 1, false);
            assertThat(store.usage().daily(day, day)).hasSize(2);
        }
    }

    private static int userVersion(Connection connection) throws Exception {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("PRAGMA user_version")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static boolean tableExists(Connection connection, String table) throws Exception {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '" + table + "'")) {
            rows.next();
            return rows.getInt(1) == 1;
        }
    }
}
