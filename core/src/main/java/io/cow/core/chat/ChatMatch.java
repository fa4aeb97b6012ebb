package io.cow.core.chat;

import io.cow.core.message.Chat;
import io.cow.core.message.ChatKind;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which chats a rule is about: private chats, groups or both; optionally only those with this exact name (a group's
 * topic or a contact's name, or the chat's stable key) or whose name the regular expression finds a match in. Every
 * part that is set must hold. The per-chat profiles use it; so can access lists and quotas.
 *
 * @param kind  PRIVATE, GROUP, or empty for both
 * @param name  the exact name, or empty for any
 * @param regex searched for in the name, or null for any
 */
public record ChatMatch(Optional<ChatKind> kind, String name, Pattern regex) {

    /** Every chat. */
    public static final ChatMatch ANY = new ChatMatch(Optional.empty(), "", null);

    public ChatMatch {
        kind = kind == null ? Optional.empty() : kind;
        name = name == null ? "" : name;
    }

    /**
     * Reads a match as the configuration writes it.
     *
     * @param type  {@code private}, {@code group}, {@code any} or empty
     * @param name  exact name or empty
     * @param regex a regular expression or empty
     * @throws IllegalArgumentException naming what is wrong
     */
    public static ChatMatch of(String type, String name, String regex) {
        Optional<ChatKind> kind = switch (type == null ? "" : type.trim().toLowerCase(Locale.ROOT)) {
            case "", "any" -> Optional.empty();
            case "private" -> Optional.of(ChatKind.PRIVATE);
            case "group" -> Optional.of(ChatKind.GROUP);
            default -> throw new IllegalArgumentException("type '" + type + "' is not one of: private, group, any");
        };
        Pattern pattern = null;
        if (regex != null && !regex.isEmpty()) {
            try {
                pattern = Pattern.compile(regex);
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new IllegalArgumentException("regex '" + regex + "' is not a regular expression: " + e.getDescription());
            }
        }
        return new ChatMatch(kind, name, pattern);
    }

    public boolean matches(Chat chat) {
        if (kind.isPresent() && chat.kind() != kind.get()) {
            return false;
        }
        if (!name.isEmpty() && !name.equals(chat.title()) && !name.equals(chat.key())) {
            return false;
        }
        return regex == null || regex.matcher(chat.title()).find();
    }

    /** How the configuration would write it, for logs. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(kind.map(k -> k.name().toLowerCase(Locale.ROOT) + " chats").orElse("chats"));
        if (!name.isEmpty()) {
            out.append(" named '").append(name).append('\'');
        }
        if (regex != null) {
            out.append(" matching /").append(regex.pattern()).append('/');
        }
        return out.toString();
    }
}
