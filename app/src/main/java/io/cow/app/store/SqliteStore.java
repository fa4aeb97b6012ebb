package io.cow.app.store;

import io.cow.core.config.Settings;
import io.cow.core.store.ChannelStateStore;
import io.cow.core.store.ChatSettingsStore;
import io.cow.core.store.ChatStore;
import io.cow.core.store.ConversationStore;
import io.cow.core.store.Inbox;
import io.cow.core.store.Outbox;
import io.cow.core.store.Store;
import io.cow.core.store.UsageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * The bot's store: one SQLite file, {@code <data>/cow.db} in WAL mode by default, or a PostgreSQL database that
 * several workers share ({@code store.url}); its schema migrated at open. All of its SQL is in {@link StoreSql},
 * written once for both databases.
 */
public final class SqliteStore implements Store {

    private static final Logger log = LoggerFactory.getLogger(SqliteStore.class);

    /** The database's file name in the data folder. */
    public static final String FILE_NAME = "cow.db";

    private final Database db;
    private final Fencing fencing = new Fencing();
    private final Leases leases;
    private final SqliteConversationStore conversations;
    private final SqliteInbox inbox;
    private final SqliteOutbox outbox;
    private final SqliteChannelStateStore channelState;
    private final SqliteUsageStore usage;
    private final SqliteChatStore chats;
    private final SqliteChatSettingsStore chatSettings;

    private SqliteStore(Database db, StoreOptions options, Clock clock) {
        this.db = db;
        this.conversations = new SqliteConversationStore(db);
        this.inbox = new SqliteInbox(db, clock, options.seenMessagesMaxAge(), fencing);
        this.channelState = new SqliteChannelStateStore(db, clock, fencing);
        this.leases = new Leases(db);
        this.outbox = new SqliteOutbox(db, clock, fencing);
        this.usage = new SqliteUsageStore(db);
        this.chats = new SqliteChatStore(db);
        this.chatSettings = new SqliteChatSettingsStore(db, clock);
    }

    /**
     * Opens the store of a data folder, creating or migrating its database, and moves login state saved as
     * files by earlier versions into it.
     *
     * @throws io.cow.core.config.ConfigException when the file is not a database of this bot, or damaged
     */
    public static SqliteStore open(Path dataDir, StoreOptions options, Clock clock) {
        return open(new StoreLocation.SqliteFile(dataDir.resolve(FILE_NAME)), dataDir, options, clock);
    }

    /**
     * Opens the store the settings name ({@code store.url}, default: {@code cow.db} in the data folder).
     *
     * @throws io.cow.core.config.ConfigException when it cannot be used, saying why
     */
    public static SqliteStore open(Settings settings, Path dataDir, Clock clock) {
        return open(StoreLocation.from(settings, dataDir), dataDir, StoreOptions.from(settings), clock);
    }

    /**
     * Opens the store at a location, creating or migrating its schema, and moves login state saved as files in the
     * data folder by earlier versions into it.
     */
    public static SqliteStore open(StoreLocation location, Path dataDir, StoreOptions options, Clock clock) {
        Database db = location instanceof StoreLocation.PostgresServer server
                ? PostgresOpener.open(server, options.poolSize())
                : DatabaseOpener.open(((StoreLocation.SqliteFile) location).file());
        SqliteStore store = new SqliteStore(db, options, clock);
        try {
            StateFilesImport.run(dataDir, store.channelState);
            store.inbox.prune();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        log.debug("Opened the database {}", db);
        return store;
    }

    @Override
    public Optional<Failing> failing() {
        return db.failing();
    }

    /** Runs one statement as is (tests make its writes fail with SQLite's PRAGMA max_page_count). */
    void execute(String sql) {
        db.execute(sql);
    }

    /** The database file, when the store is a SQLite file. */
    public Optional<Path> file() {
        return db instanceof SqliteDatabase sqlite ? Optional.of(sqlite.file()) : Optional.empty();
    }

    /** The cluster's account leases (PostgreSQL only: workers share them). */
    public Leases leases() {
        if (db.dialect() != Dialect.POSTGRESQL) {
            throw new IllegalStateException("account leases need a PostgreSQL store, not " + db);
        }
        return leases;
    }

    /**
     * Fences this worker's writes of accounts' login state and incoming messages from now on: each commits only while
     * the worker holds the account's lease with the token {@code tokens} gives (see {@link Leases}).
     */
    public void fence(String worker, Function<String, OptionalLong> tokens) {
        leases();
        fencing.set(new Fencing.Fence(worker, tokens));
    }

    /** Which database the store is on. */
    Database database() {
        return db;
    }

    @Override
    public ConversationStore conversations() {
        return conversations;
    }

    @Override
    public Inbox inbox() {
        return inbox;
    }

    @Override
    public Outbox outbox() {
        return outbox;
    }

    @Override
    public ChannelStateStore channelState() {
        return channelState;
    }

    @Override
    public UsageStore usage() {
        return usage;
    }

    @Override
    public ChatStore chats() {
        return chats;
    }

    /**
     * Moves everything kept under one channel name to another (login state, conversations, the inbox, usage, chats:
     * every table keyed by channel), when nothing is kept under the new name yet. A single channel that becomes
     * a named instance of {@code channels:} so keeps its login, memory and usage.
     *
     * @return whether anything moved
     */
    public boolean renameChannel(String from, String to) {
        return db.transaction("rename channel " + from + " to " + to, () -> {
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = db.statement(db.dialect().channelTables()).executeQuery()) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            if (!hasRows(tables, from) || hasRows(tables, to)) {
                return false;
            }
            for (String table : tables) {
                PreparedStatement rename = db.statement(StoreSql.renameChannel(table));
                rename.setString(1, to);
                rename.setString(2, from);
                rename.executeUpdate();
            }
            return true;
        });
    }

    private boolean hasRows(List<String> tables, String channel) throws SQLException {
        for (String table : tables) {
            PreparedStatement any = db.statement(StoreSql.anyRowOfChannel(table));
            any.setString(1, channel);
            try (ResultSet row = any.executeQuery()) {
                if (row.next() && row.getBoolean(1)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public ChatSettingsStore chatSettings() {
        return chatSettings;
    }

    /** Forgets handled inbox rows older than the maximum age now (this also happens at open and now and then). */
    public int pruneInbox() {
        return inbox.prune();
    }

    @Override
    public void close() {
        db.close();
    }

    @Override
    public String toString() {
        return "database " + db;
    }
}
