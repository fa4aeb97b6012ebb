package io.cow.core.store;

/**
 * Everything the bot keeps across restarts: conversations, the messages taken in (its inbox), the
 * channels' login state, token usage, the chats seen, and per-chat settings. The SQLite implementation lives in app; core sees only this.
 */
public interface Store extends AutoCloseable {

    ConversationStore conversations();

    /** The messages taken in: what is still to be handled, and the ids already seen. */
    Inbox inbox();

    ChannelStateStore channelState();

    UsageStore usage();

    /** The chats the bot has seen, for the console. */
    ChatStore chats();

    /** What commands changed in single chats (their model profile, their persona). */
    ChatSettingsStore chatSettings();

    /** Releases the store; using it afterwards fails. */
    @Override
    void close();
}
