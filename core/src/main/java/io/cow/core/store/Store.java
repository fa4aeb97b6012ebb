package io.cow.core.store;

/**
 * Everything the bot keeps across restarts: conversations, the ids of messages already taken in, the
 * channels' login state, token usage, and the chats seen. The SQLite implementation lives in app; core sees only this.
 */
public interface Store extends AutoCloseable {

    ConversationStore conversations();

    SeenMessages seenMessages();

    ChannelStateStore channelState();

    UsageStore usage();

    /** The chats the bot has seen, for the console. */
    ChatStore chats();

    /** Releases the store; using it afterwards fails. */
    @Override
    void close();
}
