package io.cow.core.chat;

import io.cow.core.conversation.GroupScope;
import io.cow.core.message.IncomingMessage;
import io.cow.core.store.ChatSettingsStore;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link ChatProfile} of each chat: what the owner set in the chat with a command ({@code #model},
 * {@code #persona}, kept in the store) wins over the first {@code chats:} rule that matches, which wins over the
 * general settings.
 */
public final class ChatProfiles {

    /** The store's name of a chat's model profile, set by {@code #model}. */
    public static final String PROFILE = "profile";
    /** The store's name of a chat's system prompt, set by {@code #persona}. */
    public static final String PERSONA = "persona";

    private static final int REMEMBERED_CHATS = 10_000;

    private final ChatProfile defaults;
    private final ChatRules<ChatRule> rules;
    private final ChatSettingsStore store;
    /** The store's settings of recently seen chats, so that a question costs no read. */
    private final Map<String, Map<String, String>> overrides = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, String>> eldest) {
            return size() > REMEMBERED_CHATS;
        }
    };

    public ChatProfiles(ChatProfile defaults, ChatRules<ChatRule> rules, ChatSettingsStore store) {
        this.defaults = defaults;
        this.rules = rules;
        this.store = store;
    }

    /** The same profile for every chat, nothing kept: for tests and tools. */
    public static ChatProfiles fixed(ChatProfile profile) {
        return new ChatProfiles(profile, ChatRules.none(), new io.cow.core.store.InMemoryChatSettingsStore());
    }

    public ChatProfile defaults() {
        return defaults;
    }

    /** How the message's chat is treated. */
    public ChatProfile of(IncomingMessage message) {
        ChatRule rule = rules.first(message.chat()).orElse(ChatRule.EMPTY);
        Map<String, String> set = overrides(message);
        return new ChatProfile(
                Optional.ofNullable(set.get(PROFILE)).or(rule::profile).orElse(defaults.profile()),
                Optional.ofNullable(set.get(PERSONA)).or(rule::systemPrompt).orElse(defaults.systemPrompt()),
                rule.keyword().orElse(defaults.keyword()),
                rule.memoryScope().orElse(defaults.memoryScope()));
    }

    /** Who shares a conversation in the message's chat. */
    public GroupScope memoryScope(IncomingMessage message) {
        return rules.first(message.chat()).flatMap(ChatRule::memoryScope).orElse(defaults.memoryScope());
    }

    /** Sets (or, with null, clears) one of the chat's own settings, {@link #PROFILE} or {@link #PERSONA}. */
    public void set(IncomingMessage message, String name, String value) {
        String channel = message.channel();
        String chat = message.chat().key();
        if (value == null) {
            store.remove(channel, chat, name);
        } else {
            store.put(channel, chat, name, value);
        }
        synchronized (overrides) {
            overrides.remove(channel + '\n' + chat);
        }
    }

    /** The chat's own setting, if the owner set one. */
    public Optional<String> own(IncomingMessage message, String name) {
        return Optional.ofNullable(overrides(message).get(name));
    }

    private Map<String, String> overrides(IncomingMessage message) {
        String key = message.channel() + '\n' + message.chat().key();
        synchronized (overrides) {
            Map<String, String> known = overrides.get(key);
            if (known != null) {
                return known;
            }
        }
        Map<String, String> read = Map.copyOf(store.get(message.channel(), message.chat().key()));
        synchronized (overrides) {
            overrides.put(key, read);
        }
        return read;
    }
}
