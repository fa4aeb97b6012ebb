package io.cow.core.store;

/** A whole store in memory, for tests and for running without a database. Lost at restart. */
public final class InMemoryStore implements Store {

    private final ConversationStore conversations = new InMemoryConversationStore();
    private final SeenMessages seen = new InMemorySeenMessages(100_000);
    private final ChannelStateStore channelState = new InMemoryChannelStateStore();
    private final UsageStore usage = new InMemoryUsageStore();
    private final ChatStore chats = new InMemoryChatStore();

    @Override
    public ConversationStore conversations() {
        return conversations;
    }

    @Override
    public SeenMessages seenMessages() {
        return seen;
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

    @Override
    public void close() {
    }
}
