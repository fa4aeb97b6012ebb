package io.cow.core.chat;

import io.cow.core.message.Chat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An ordered list of rules, each a {@link ChatMatch} with a value; a chat gets the value of the first rule that
 * matches it. Answers are remembered per chat (a bounded number), since the same chats ask again and again and
 * regular expressions are not free.
 *
 * @param <T> what a rule gives a chat
 */
public final class ChatRules<T> {

    private static final int REMEMBERED_CHATS = 10_000;

    /** One rule. */
    public record Rule<T>(ChatMatch match, T value) {
    }

    private final List<Rule<T>> rules;
    private final Map<Chat, Optional<T>> byChat = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Chat, Optional<T>> eldest) {
            return size() > REMEMBERED_CHATS;
        }
    };

    public ChatRules(List<Rule<T>> rules) {
        this.rules = List.copyOf(rules);
    }

    public static <T> ChatRules<T> none() {
        return new ChatRules<>(List.of());
    }

    /** The value of the first rule that matches the chat. */
    public Optional<T> first(Chat chat) {
        if (rules.isEmpty()) {
            return Optional.empty();
        }
        synchronized (byChat) {
            Optional<T> known = byChat.get(chat);
            if (known != null) {
                return known;
            }
        }
        Optional<T> found = Optional.empty();
        for (Rule<T> rule : rules) {
            if (rule.match().matches(chat)) {
                found = Optional.of(rule.value());
                break;
            }
        }
        synchronized (byChat) {
            byChat.put(chat, found);
        }
        return found;
    }

    public List<Rule<T>> rules() {
        return rules;
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }
}
