package io.cow.app.store;

import java.util.List;

/**
 * Every SQL statement of the store, and the schema's history. Times are epoch milliseconds, days ISO dates
 * ({@code 2026-11-24}) in the bot's time zone.
 */
final class StoreSql {

    private StoreSql() {
    }

    /** Marks a SQLite file as ours ("CowD"), so that another program's database is recognised as such. */
    static final int APPLICATION_ID = 0x436F7744;

    /**
     * One step of the schema: applied in a transaction together with {@code PRAGMA user_version = version}.
     * Released migrations never change; a new schema is a new migration at the end.
     */
    record Migration(int version, String description, List<String> statements) {
    }

    static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "conversations, seen message ids, channel state", List.of(
                    "PRAGMA application_id = " + APPLICATION_ID,
                    """
                    CREATE TABLE conversations (
                      id          INTEGER PRIMARY KEY,
                      channel     TEXT    NOT NULL,
                      chat_key    TEXT    NOT NULL,
                      member_key  TEXT    NOT NULL DEFAULT '',
                      updated_at  INTEGER NOT NULL,
                      UNIQUE (channel, chat_key, member_key)
                    )""",
                    "CREATE INDEX conversations_by_update ON conversations (updated_at)",
                    """
                    CREATE TABLE turns (
                      id               INTEGER PRIMARY KEY,
                      conversation_id  INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
                      question         TEXT    NOT NULL,
                      answer           TEXT    NOT NULL,
                      created_at       INTEGER NOT NULL
                    )""",
                    "CREATE INDEX turns_by_conversation ON turns (conversation_id, id)",
                    """
                    CREATE TABLE seen_messages (
                      channel     TEXT    NOT NULL,
                      message_id  TEXT    NOT NULL,
                      seen_at     INTEGER NOT NULL,
                      PRIMARY KEY (channel, message_id)
                    ) WITHOUT ROWID""",
                    "CREATE INDEX seen_messages_by_time ON seen_messages (seen_at)",
                    """
                    CREATE TABLE channel_state (
                      channel     TEXT    NOT NULL,
                      key         TEXT    NOT NULL,
                      value       TEXT    NOT NULL,
                      updated_at  INTEGER NOT NULL,
                      PRIMARY KEY (channel, key)
                    ) WITHOUT ROWID""")),
            new Migration(2, "token usage per chat per day", List.of(
                    """
                    CREATE TABLE usage_daily (
                      channel             TEXT    NOT NULL,
                      chat_key            TEXT    NOT NULL,
                      day                 TEXT    NOT NULL,
                      requests            INTEGER NOT NULL,
                      prompt_tokens       INTEGER NOT NULL,
                      completion_tokens   INTEGER NOT NULL,
                      estimated_requests  INTEGER NOT NULL,
                      PRIMARY KEY (channel, chat_key, day)
                    ) WITHOUT ROWID""")),
            new Migration(3, "chats seen; token usage per person and model", List.of(
                    """
                    CREATE TABLE chats (
                      channel       TEXT    NOT NULL,
                      chat_key      TEXT    NOT NULL,
                      kind          TEXT    NOT NULL,
                      title         TEXT    NOT NULL,
                      last_at       INTEGER NOT NULL,
                      last_outcome  TEXT    NOT NULL,
                      messages      INTEGER NOT NULL,
                      PRIMARY KEY (channel, chat_key)
                    ) WITHOUT ROWID""",
                    "CREATE INDEX chats_by_activity ON chats (last_at)",
                    """
                    CREATE TABLE usage_by_member (
                      channel             TEXT    NOT NULL,
                      chat_key            TEXT    NOT NULL,
                      member_key          TEXT    NOT NULL,
                      model               TEXT    NOT NULL,
                      day                 TEXT    NOT NULL,
                      requests            INTEGER NOT NULL,
                      prompt_tokens       INTEGER NOT NULL,
                      completion_tokens   INTEGER NOT NULL,
                      estimated_requests  INTEGER NOT NULL,
                      PRIMARY KEY (day, channel, chat_key, member_key, model)
                    ) WITHOUT ROWID""",
                    """
                    INSERT INTO usage_by_member
                    SELECT channel, chat_key, '', '', day, requests, prompt_tokens, completion_tokens, estimated_requests
                      FROM usage_daily""",
                    "DROP TABLE usage_daily",
                    "ALTER TABLE usage_by_member RENAME TO usage_daily")),
            new Migration(4, "the inbox: messages taken in, kept until answered (it replaces seen_messages)", List.of(
                    """
                    CREATE TABLE inbox (
                      id           INTEGER PRIMARY KEY,
                      channel      TEXT    NOT NULL,
                      message_id   TEXT    NOT NULL,
                      received_at  INTEGER NOT NULL,
                      handled      INTEGER NOT NULL DEFAULT 0,
                      attempts     INTEGER NOT NULL DEFAULT 0,
                      message      TEXT,
                      UNIQUE (channel, message_id)
                    )""",
                    "CREATE INDEX inbox_waiting ON inbox (channel, id) WHERE handled = 0",
                    "CREATE INDEX inbox_by_time ON inbox (received_at)",
                    "INSERT INTO inbox (channel, message_id, received_at, handled) SELECT channel, message_id, seen_at, 1 FROM seen_messages",
                    "DROP TABLE seen_messages")),
            new Migration(5, "per-chat settings set by commands; conversation summaries", List.of(
                    """
                    CREATE TABLE chat_settings (
                      channel     TEXT    NOT NULL,
                      chat_key    TEXT    NOT NULL,
                      name        TEXT    NOT NULL,
                      value       TEXT    NOT NULL,
                      updated_at  INTEGER NOT NULL,
                      PRIMARY KEY (channel, chat_key, name)
                    ) WITHOUT ROWID""",
                    "ALTER TABLE conversations ADD COLUMN summary TEXT NOT NULL DEFAULT ''")),
            new Migration(6, "cluster: account leases with fencing tokens, workers", List.of(
                    """
                    CREATE TABLE leases (
                      account     TEXT    NOT NULL PRIMARY KEY,
                      holder      TEXT    NOT NULL DEFAULT '',
                      token       INTEGER NOT NULL DEFAULT 0,
                      expires_at  INTEGER NOT NULL DEFAULT 0
                    ) WITHOUT ROWID""",
                    """
                    CREATE TABLE workers (
                      id          TEXT    NOT NULL PRIMARY KEY,
                      seen_at     INTEGER NOT NULL,
                      expires_at  INTEGER NOT NULL
                    ) WITHOUT ROWID""")),
            new Migration(7, "the outbox: replies waiting to be sent; turns delivered or on their way", List.of(
                    """
                    CREATE TABLE outbox (
                      id          INTEGER PRIMARY KEY,
                      channel     TEXT    NOT NULL,
                      client_id   TEXT    NOT NULL UNIQUE,
                      reply_to    TEXT,
                      queued_at   INTEGER NOT NULL,
                      attempts    INTEGER NOT NULL DEFAULT 0,
                      turn_id     INTEGER,
                      part        TEXT    NOT NULL
                    )""",
                    "CREATE INDEX outbox_by_channel ON outbox (channel, reply_to)",
                    "ALTER TABLE turns ADD COLUMN delivered INTEGER NOT NULL DEFAULT 1")),
            // A client id is unique within its account, not across the accounts sharing a cluster's database: two
            // workers may make the same one, and the second reply was refused. SQLite cannot drop a constraint, so
            // the table is copied (in order, ids made anew).
            new Migration(8, "the outbox: a client id is unique per channel instance", List.of(
                    """
                    CREATE TABLE outbox_per_channel (
                      id          INTEGER PRIMARY KEY,
                      channel     TEXT    NOT NULL,
                      client_id   TEXT    NOT NULL,
                      reply_to    TEXT,
                      queued_at   INTEGER NOT NULL,
                      attempts    INTEGER NOT NULL DEFAULT 0,
                      turn_id     INTEGER,
                      part        TEXT    NOT NULL,
                      UNIQUE (channel, client_id)
                    )""",
                    """
                    INSERT INTO outbox_per_channel (channel, client_id, reply_to, queued_at, attempts, turn_id, part)
                    SELECT channel, client_id, reply_to, queued_at, attempts, turn_id, part FROM outbox ORDER BY id""",
                    "DROP TABLE outbox",
                    "ALTER TABLE outbox_per_channel RENAME TO outbox",
                    "CREATE INDEX outbox_by_channel ON outbox (channel, reply_to)")));

    /** The schema version this build writes. */
    static final int LATEST_VERSION = MIGRATIONS.get(MIGRATIONS.size() - 1).version();

    // Conversations. A conversation is named by (channel, chat_key, member_key).

    static final String NEWEST_TURNS = """
            SELECT t.id, t.question, t.answer, t.created_at
              FROM turns t JOIN conversations c ON c.id = t.conversation_id
             WHERE c.channel = ? AND c.chat_key = ? AND c.member_key = ? AND t.id < ?
             ORDER BY t.id DESC
             LIMIT ?""";

    static final String TOUCH_CONVERSATION = """
            INSERT INTO conversations (channel, chat_key, member_key, updated_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (channel, chat_key, member_key) DO UPDATE SET updated_at = excluded.updated_at
            RETURNING id""";

    static final String INSERT_TURN = """
            INSERT INTO turns (conversation_id, question, answer, created_at, delivered) VALUES (?, ?, ?, ?, ?)
            RETURNING id""";

    static final String DELETE_TURN = "DELETE FROM turns WHERE id = ?";

    /** Turns whose answer was never queued (the bot stopped in between) or whose queued parts were given up. */
    static final String DELETE_UNDELIVERED_ORPHANS = """
            DELETE FROM turns
             WHERE delivered = 0
               AND conversation_id IN (SELECT id FROM conversations WHERE channel = ?)
               AND id NOT IN (SELECT turn_id FROM outbox WHERE turn_id IS NOT NULL)""";

    static final String DELETE_TURNS_BEFORE = """
            DELETE FROM turns
             WHERE conversation_id = (SELECT id FROM conversations WHERE channel = ? AND chat_key = ? AND member_key = ?)
               AND id < ?""";

    static final String DELETE_TURNS_OF_CONVERSATION = """
            DELETE FROM turns
             WHERE conversation_id = (SELECT id FROM conversations WHERE channel = ? AND chat_key = ? AND member_key = ?)""";

    static final String CONVERSATIONS_OF_CHAT = """
            SELECT c.member_key FROM conversations c
             WHERE c.channel = ? AND c.chat_key = ? AND EXISTS (SELECT 1 FROM turns t WHERE t.conversation_id = c.id)
             ORDER BY c.member_key""";

    static final String DELETE_CONVERSATION = "DELETE FROM conversations WHERE channel = ? AND chat_key = ? AND member_key = ?";

    static final String DELETE_TURNS_OF_INACTIVE = """
            DELETE FROM turns WHERE conversation_id IN (SELECT id FROM conversations WHERE updated_at <= ?)""";

    static final String DELETE_INACTIVE_CONVERSATIONS = "DELETE FROM conversations WHERE updated_at <= ?";

    static final String SUMMARY = "SELECT summary FROM conversations WHERE channel = ? AND chat_key = ? AND member_key = ?";

    static final String SET_SUMMARY = "UPDATE conversations SET summary = ? WHERE channel = ? AND chat_key = ? AND member_key = ?";

    // Per-chat settings.

    static final String CHAT_SETTINGS = "SELECT name, value FROM chat_settings WHERE channel = ? AND chat_key = ?";

    static final String PUT_CHAT_SETTING = """
            INSERT INTO chat_settings (channel, chat_key, name, value, updated_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (channel, chat_key, name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at""";

    static final String DELETE_CHAT_SETTING = "DELETE FROM chat_settings WHERE channel = ? AND chat_key = ? AND name = ?";

    // The inbox. A message waits with handled = 0 and its JSON; once handled, only its id stays, for dedupe.

    static final String TAKE_IN = """
            INSERT INTO inbox (channel, message_id, received_at, message) VALUES (?, ?, ?, ?)
            ON CONFLICT (channel, message_id) DO NOTHING""";

    static final String INBOX_DONE = "UPDATE inbox SET handled = 1, message = NULL WHERE channel = ? AND message_id = ? AND handled <> 1";

    static final String INBOX_COUNT_ATTEMPT = "UPDATE inbox SET attempts = attempts + 1 WHERE channel = ? AND handled = 0";

    static final String INBOX_WAITING = """
            SELECT message_id, received_at, attempts, message FROM inbox
             WHERE channel = ? AND handled = 0
             ORDER BY id""";

    static final String INBOX_PRUNE = "DELETE FROM inbox WHERE handled = 1 AND received_at < ?";

    /** handled = 2: the answer was under way (parts of it queued) when the bot stopped: it is not asked again. */
    static final String INBOX_ANSWERING = "UPDATE inbox SET handled = 2 WHERE channel = ? AND message_id = ? AND handled = 0";

    static final String INBOX_CUT_SHORT = "UPDATE inbox SET handled = 1, message = NULL WHERE channel = ? AND handled = 2";

    // The outbox. A part waits here from when it is queued until it is sent or given up; turn_id is the turn that
    // counts as delivered once this part (its answer's last) is sent.

    static final String OUTBOX_ADD = """
            INSERT INTO outbox (channel, client_id, reply_to, queued_at, part) VALUES (?, ?, ?, ?, ?)""";

    static final String OUTBOX_LAST_OF_ANSWER = "SELECT max(id) FROM outbox WHERE channel = ? AND reply_to = ?";

    static final String OUTBOX_LINK_TURN = "UPDATE outbox SET turn_id = ? WHERE id = ?";

    static final String OUTBOX_ATTEMPTED = "UPDATE outbox SET attempts = attempts + 1 WHERE channel = ? AND client_id = ?";

    static final String OUTBOX_REMOVE = "DELETE FROM outbox WHERE channel = ? AND client_id = ? RETURNING turn_id";

    static final String TURN_DELIVERED = "UPDATE turns SET delivered = 1 WHERE id = ?";

    static final String OUTBOX_WAITING = "SELECT part, queued_at, attempts FROM outbox WHERE channel = ? ORDER BY id";

    // Channel state.

    static final String GET_STATE = "SELECT value FROM channel_state WHERE channel = ? AND key = ?";

    static final String PUT_STATE = """
            INSERT INTO channel_state (channel, key, value, updated_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (channel, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at""";

    static final String INSERT_STATE_IF_ABSENT = """
            INSERT INTO channel_state (channel, key, value, updated_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (channel, key) DO NOTHING""";

    static final String DELETE_STATE = "DELETE FROM channel_state WHERE channel = ? AND key = ?";

    // Usage.

    static final String ADD_USAGE = """
            INSERT INTO usage_daily (channel, chat_key, member_key, model, day, requests, prompt_tokens, completion_tokens,
                                     estimated_requests)
            VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)
            ON CONFLICT (day, channel, chat_key, member_key, model) DO UPDATE SET
              requests = usage_daily.requests + 1,
              prompt_tokens = usage_daily.prompt_tokens + excluded.prompt_tokens,
              completion_tokens = usage_daily.completion_tokens + excluded.completion_tokens,
              estimated_requests = usage_daily.estimated_requests + excluded.estimated_requests""";

    static final String DAILY_USAGE = """
            SELECT channel, chat_key, member_key, model, day, requests, prompt_tokens, completion_tokens, estimated_requests
              FROM usage_daily
             WHERE day BETWEEN ? AND ?
             ORDER BY day, channel, chat_key, member_key, model""";

    // Chats seen.

    static final String SAW_CHAT = """
            INSERT INTO chats (channel, chat_key, kind, title, last_at, last_outcome, messages) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (channel, chat_key) DO UPDATE SET
              kind = excluded.kind,
              title = excluded.title,
              last_at = CASE WHEN excluded.last_at > chats.last_at THEN excluded.last_at ELSE chats.last_at END,
              last_outcome = CASE WHEN excluded.last_at >= chats.last_at THEN excluded.last_outcome ELSE chats.last_outcome END,
              messages = chats.messages + excluded.messages""";

    /**
     * The search matches title or key, any case (SQLite's lower() changes ASCII letters only). Its three parameters:
     * the search, then twice {@link #containing} of it.
     */
    static final String CHATS = """
            SELECT channel, chat_key, kind, title, last_at, last_outcome, messages
              FROM chats
             WHERE ? = '' OR lower(title) LIKE lower(?) ESCAPE '!' OR lower(chat_key) LIKE lower(?) ESCAPE '!'
             ORDER BY last_at DESC, channel, chat_key
             LIMIT ? OFFSET ?""";

    static final String COUNT_CHATS = """
            SELECT count(*) FROM chats
             WHERE ? = '' OR lower(title) LIKE lower(?) ESCAPE '!' OR lower(chat_key) LIKE lower(?) ESCAPE '!'""";

    /** A LIKE pattern that finds the text anywhere, its own % and _ taken literally. */
    static String containing(String text) {
        return "%" + text.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }

    static final String FIND_CHAT = """
            SELECT channel, chat_key, kind, title, last_at, last_outcome, messages FROM chats WHERE channel = ? AND chat_key = ?""";

    // Renaming a channel: every table with a channel column (Dialect.channelTables), today's and any later migration's.

    static String anyRowOfChannel(String table) {
        return "SELECT EXISTS (SELECT 1 FROM \"" + table + "\" WHERE channel = ?)";
    }

    static String renameChannel(String table) {
        return "UPDATE \"" + table + "\" SET channel = ? WHERE channel = ?";
    }

    // Opening and checking.

    static final String APPLICATION_ID_QUERY = "PRAGMA application_id";
    static final String USER_VERSION_QUERY = "PRAGMA user_version";
    static final String SET_USER_VERSION = "PRAGMA user_version = ";
    static final String OBJECT_COUNT = "SELECT count(*) FROM sqlite_master";
    static final String JOURNAL_MODE_QUERY = "PRAGMA journal_mode";
    static final String QUICK_CHECK = "PRAGMA quick_check(3)";
}
