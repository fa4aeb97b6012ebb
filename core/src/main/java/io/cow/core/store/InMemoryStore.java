package io.cow.core.store;

/** A whole store in memory, for tests and for running without a database. Lost at restart. */
public final class InMemoryStore implements Store {

    private final ConversationStore conversations = new InMemoryConversationStore();
    private final Inbox inbox = new InMemoryInbox(100_000, java.time.Clock.systemUTC());
    private final Outbox outbox = new InMemoryOutbox(java.time.Clock.systemUTC());
    private final ChannelStateStore channelState = new InMemoryChannelStateStore();
    private final UsageStore usage = new InMemoryUsageStore();
    private final ChatStore chats = new InMemoryChatStore();
    private final ChatSettingsStore chatSettings = new InMemoryChatSettingsStore();

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

    @Override
    public ChatSettingsStore chatSettings() {
        return chatSettings;
    }

    @Override
    public void close() {
    }
}
