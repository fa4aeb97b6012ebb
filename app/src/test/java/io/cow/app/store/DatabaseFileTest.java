package io.cow.app.store;

import io.cow.core.config.ConfigException;
import io.cow.core.store.ConversationKey;
import io.cow.core.store.Turn;
import io.cow.testkit.store.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
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
            assertThat(StoreContractTest.takeIn(store, "web", "m1")).isTrue();
        }
    }

    @Test
    void aFullDiskAtStartGetsAdviceAboutSpaceNotANewLogin() {
        java.sql.SQLException full = new java.sql.SQLException("[SQLITE_FULL] Insertion failed because database is full "
                + "(database or disk is full)", null, 13);
        assertThat(DatabaseOpener.unusable(file(), "SQLite says: " + full.getMessage(), full).getMessage())
                .contains("The disk is full: free some space").contains("no new login is needed").doesNotContain("Move the file away");
        java.io.IOException noSpace = new java.io.IOException("No space left on device");
        assertThat(DatabaseOpener.unusable(file(), "it cannot be created", noSpace).getMessage()).contains("The disk is full");
        assertThat(DatabaseOpener.unusable(file(), "it is damaged", new java.sql.SQLException("malformed", null, 11)).getMessage())
                .contains("Move the file away");
    }
}
