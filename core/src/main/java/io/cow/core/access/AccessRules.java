package io.cow.core.access;

import io.cow.core.config.SettingType;
import io.cow.core.config.SettingTypes;
import io.cow.core.message.Chat;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which chats the bot answers: {@code allow} and {@code deny} patterns matched against a chat's stable key and its
 * title (a contact's remark name or nickname, a group's topic). Deny wins; without allow patterns every chat not
 * denied is allowed, as the bot always did.
 */
public final class AccessRules {

    /** Every chat is answered. */
    public static final AccessRules EVERYONE = new AccessRules(List.of(), List.of());

    private final List<ChatPattern> allow;
    private final List<ChatPattern> deny;

    private AccessRules(List<ChatPattern> allow, List<ChatPattern> deny) {
        this.allow = List.copyOf(allow);
        this.deny = List.copyOf(deny);
    }

    /**
     * @throws IllegalArgumentException naming the first pattern that cannot be read
     */
    public static AccessRules of(List<String> allow, List<String> deny) {
        if (allow.isEmpty() && deny.isEmpty()) {
            return EVERYONE;
        }
        return new AccessRules(allow.stream().map(ChatPattern::parse).toList(), deny.stream().map(ChatPattern::parse).toList());
    }

    public boolean allows(Chat chat) {
        if (deny.stream().anyMatch(p -> p.matches(chat))) {
            return false;
        }
        return allow.isEmpty() || allow.stream().anyMatch(p -> p.matches(chat));
    }

    /**
     * Why the chat is not allowed, naming the list and the pattern, e.g. "the deny list (access.deny) has 'group:Spam'";
     * empty when it is allowed.
     */
    public Optional<String> refusal(Chat chat) {
        Optional<ChatPattern> denied = deny.stream().filter(p -> p.matches(chat)).findFirst();
        if (denied.isPresent()) {
            return Optional.of("the deny list (access.deny) has '" + denied.get().source() + "'");
        }
        if (allow.isEmpty() || allow.stream().anyMatch(p -> p.matches(chat))) {
            return Optional.empty();
        }
        return Optional.of("the chat is not on the allow list (access.allow)");
    }

    /** For a list of patterns: the first that matches a chat, as written; empty when none does. */
    public static Function<Chat, Optional<String>> firstMatch(List<String> patterns) {
        List<ChatPattern> parsed = patterns.stream().map(ChatPattern::parse).toList();
        return chat -> parsed.stream().filter(p -> p.matches(chat)).map(ChatPattern::source).findFirst();
    }

    /**
     * Checks one pattern.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static String checkPattern(String pattern) {
        return ChatPattern.parse(pattern).source();
    }

    /** The setting type of a pattern list, so a wrong pattern is named at start like any wrong value. */
    public static SettingType<List<String>> patternList() {
        SettingType<List<String>> texts = SettingTypes.stringList();
        return new SettingType<>() {
            @Override
            public List<String> parse(Object raw) {
                List<String> patterns = texts.parse(raw);
                patterns.forEach(ChatPattern::parse);
                return patterns;
            }

            @Override
            public String allowed() {
                return "a list of chat patterns, each a name, * or /regular expression/, optionally after group: or private: "
                        + "(in an environment variable: comma-separated)";
            }

            @Override
            public String format(List<String> value) {
                return texts.format(value);
            }
        };
    }
}
