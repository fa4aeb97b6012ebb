package io.cow.core.store;

/**
 * Everything the bot keeps across restarts: conversations, the ids of messages already taken in, the
 * channels' login state, and token usage. The SQLite implementation lives in app; core sees only this.
 */
public interface Store extends AutoCloseable {

    ConversationStore conversations();

    SeenMessages seenMessages();

    ChannelStateStore channelState();

    UsageStore usage();

    /** Releases the store; using it afterwards fails. */
    @Override
    void close();
}
