package io.cow.app.store;

import io.cow.core.config.ConfigException;
import io.cow.core.store.ConversationKey;
import io.cow.core.store.DailyUsage;
import io.cow.core.store.SeenChat;
import io.cow.core.store.Turn;
import io.cow.core.store.UsageKey;
import io.cow.core.message.ChatKind;
import io.cow.testkit.store.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The schema's history, on SQLite and PostgreSQL alike: every earlier version migrates to today's, keeping its data. */
@ParameterizedClass(name = "{0}")
@EnumSource(StoreKind.class)
class MigrationsTest {

    @Parameter
    StoreKind kind;

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T08:00:00Z"), ZoneOffset.UTC);
    private StoreLocation location;

    @BeforeEach
    void newDatabase() {
        location = kind.newLocation(dataDir);
    }

    private SqliteStore open() {
        return SqliteStore.open(location, dataDir, new StoreOptions(Duration.ofDays(1)), clock);
    }

    @Test
    void everyEarlierSchemaVersionBecomesTodaysSchema() throws Exception {
        List<String> today;
        try (SqliteStore fresh = open()) {
            today = columns(fresh);
        }
        assertThat(today).as("today's schema has tables").isNotEmpty();
        for (int version = 1; version < StoreSql.LATEST_VERSION; version++) {
            location = kind.newLocation(Files.createDirectories(dataDir.resolve("v" + version)));
            kind.createAtVersion(location, version);
            try (Connection connection = kind.connect(location)) {
                assertThat(Migrations.version(connection, kind.dialect())).isEqualTo(version);
            }
            try (SqliteStore migrated = open()) {
                assertThat(columns(migrated)).as("the schema migrated from version %d", version).isEqualTo(today);
                ConversationKey key = new ConversationKey("web", "alice", "");
                migrated.conversations().append(key, Turn.of("q", "a", clock.instant()));
                assertThat(migrated.conversations().newestTurns(key, Long.MAX_VALUE, 5)).hasSize(1);
            }
            try (Connection connection = kind.connect(location)) {
                assertThat(Migrations.version(connection, kind.dialect())).isEqualTo(StoreSql.LATEST_VERSION);
            }
        }
    }

    @Test
    void aDatabaseOfSchemaVersionOneIsMigratedKeepingItsData() throws Exception {
        kind.createAtVersion(location, 1);
        try (Connection v1 = kind.connect(location); Statement statement = v1.createStatement()) {
            statement.execute("INSERT INTO conversations (channel, chat_key, member_key, updated_at) VALUES ('web', 'alice', '', "
                    + clock.millis() + ")");
            statement.execute("INSERT INTO turns (conversation_id, question, answer, created_at) "
                    + "SELECT id, 'my name?', 'Alice', " + clock.millis() + " FROM conversations");
            statement.execute("INSERT INTO seen_messages (channel, message_id, seen_at) VALUES ('web', 'm1', " + clock.millis() + ")");
            statement.execute("INSERT INTO channel_state (channel, key, value, updated_at) VALUES ('web', 'session', 'kept', 0)");
        }

        try (SqliteStore store = open()) {
            Turn turn = store.conversations().newestTurns(new ConversationKey("web", "alice", ""), Long.MAX_VALUE, 10).get(0);
            assertThat(turn.question()).isEqualTo("my name?");
            assertThat(turn.answer()).isEqualTo("Alice");
            assertThat(StoreContractTest.takeIn(store, "web", "m1")).as("an id seen by version 1 is still seen").isFalse();
            assertThat(store.inbox().unhandled("web")).as("and it counts as handled").isEmpty();
            assertThat(store.channelState().get("web", "session")).contains("kept");
            store.usage().add(new UsageKey("web", "alice", "alice", "gpt-4o"), LocalDate.of(2026, 11, 24), 10, 2, false);
            assertThat(store.usage().daily(LocalDate.of(2026, 11, 24), LocalDate.of(2026, 11, 24))).hasSize(1);
            store.conversations().append(new ConversationKey("web", "bob", ""), Turn.of("new", "conversation", clock.instant()));
            store.chats().saw(List.of(new SeenChat("web", "bob", ChatKind.PRIVATE, "Bob", clock.instant(), "ANSWERED", 1)));
        }
    }

    @Test
    void usageOfSchemaVersionTwoIsKeptWithNoPersonOrModel() throws Exception {
        kind.createAtVersion(location, 2);
        try (Connection v2 = kind.connect(location); Statement statement = v2.createStatement()) {
            statement.execute("INSERT INTO usage_daily (channel, chat_key, day, requests, prompt_tokens, completion_tokens, "
                    + "estimated_requests) VALUES ('web', 'alice', '2026-11-24', 3, 300, 30, 1)");
        }
        LocalDate day = LocalDate.of(2026, 11, 24);
        try (SqliteStore store = open()) {
            assertThat(store.usage().daily(day, day)).containsExactly(new DailyUsage("web", "alice", "", "", day, 3, 300, 30, 1));
            store.usage().add(new UsageKey("web", "alice", "alice", "gpt-4o"), day, 10, 1, false);
            assertThat(store.usage().daily(day, day)).hasSize(2);
        }
    }

    @Test
    void aDatabaseOfANewerVersionIsRefused() throws Exception {
        open().close();
        try (Connection connection = kind.connect(location); Statement statement = connection.createStatement()) {
            statement.execute(kind == StoreKind.SQLITE ? "PRAGMA user_version = 99"
                    : "INSERT INTO cow_schema (version, description, applied_at) VALUES (99, 'from the future', 0)");
        }
        assertThatThrownBy(this::open).isInstanceOf(ConfigException.class)
                .hasMessageContaining("written by a newer version of cow (schema version 99");
    }

    @Test
    void anotherProgramsDatabaseIsRefused() throws Exception {
        try (Connection connection = kind.connect(location); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)");
        }
        assertThatThrownBy(this::open).isInstanceOf(ConfigException.class).hasMessageContaining("another program");
    }

    /** Every column of the store's tables, with its type, nullability and key membership, in a stable order. */
    private List<String> columns(SqliteStore store) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Connection connection = kind.connect(location); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(store.database().dialect().columns())) {
            while (rows.next()) {
                columns.add(rows.getString(1) + "." + rows.getString(2) + " " + rows.getString(3)
                        + (rows.getBoolean(4) ? " NOT NULL" : "") + (rows.getBoolean(5) ? " KEY" : ""));
            }
        }
        return columns;
    }
}
