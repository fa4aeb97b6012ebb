package io.cow.core.store;

import java.time.Instant;
import java.util.Optional;

/**
 * Everything the bot keeps across restarts: conversations, the messages taken in (its inbox) and the replies to
 * send (its outbox), the channels' login state, token usage, the chats seen, and per-chat settings. The SQLite
 * implementation lives in app; core sees only this.
 */
public interface Store extends AutoCloseable {

    ConversationStore conversations();

    /** The messages taken in: what is still to be handled, and the ids already seen. */
    Inbox inbox();

    /** The replies waiting to be sent. */
    Outbox outbox();

    ChannelStateStore channelState();

    UsageStore usage();

    /** The chats the bot has seen, for the console. */
    ChatStore chats();

    /** What commands changed in single chats (their model profile, their persona). */
    ChatSettingsStore chatSettings();

    /** Since when the store's work fails (a full disk, a locked file), and the last reason; empty while it works. */
    default Optional<Failing> failing() {
        return Optional.empty();
    }

    /**
     * The store fails.
     *
     * @param since  the first failure with no success after it
     * @param reason the last failure, in a few words
     */
    record Failing(Instant since, String reason) {
    }

    /** Releases the store; using it afterwards fails. */
    @Override
    void close();
}
