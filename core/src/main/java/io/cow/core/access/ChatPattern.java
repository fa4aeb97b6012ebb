package io.cow.core.access;

import io.cow.core.message.Chat;
import io.cow.core.message.ChatKind;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One access pattern: optionally {@code group:} or {@code private:} for one kind of chat, then {@code *} (every
 * chat), {@code /regex/} (a regular expression the whole key or title matches) or a name (the key or title equals it).
 *
 * @param kind  the kind of chat it applies to, or null for both
 * @param exact the name, or null for a regular expression or {@code *}
 * @param regex the regular expression, or null
 * @param source the pattern as written
 */
record ChatPattern(ChatKind kind, String exact, Pattern regex, String source) {

    static ChatPattern parse(String text) {
        String rest = text.strip();
        ChatKind kind = null;
        if (rest.startsWith("group:")) {
            kind = ChatKind.GROUP;
            rest = rest.substring("group:".length()).strip();
        } else if (rest.startsWith("private:")) {
            kind = ChatKind.PRIVATE;
            rest = rest.substring("private:".length()).strip();
        }
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("an empty chat pattern: '" + text + "'");
        }
        if (rest.equals("*")) {
            return new ChatPattern(kind, null, null, text.strip());
        }
        if (rest.length() > 1 && rest.startsWith("/") && rest.endsWith("/")) {
            try {
                return new ChatPattern(kind, null, Pattern.compile(rest.substring(1, rest.length() - 1)), text.strip());
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("'" + text + "' is not a regular expression: " + e.getDescription(), e);
            }
        }
        return new ChatPattern(kind, rest, null, text.strip());
    }

    boolean matches(Chat chat) {
        if (kind != null && chat.kind() != kind) {
            return false;
        }
        if (exact != null) {
            return exact.equals(chat.key()) || exact.equals(chat.title());
        }
        return regex == null || regex.matcher(chat.key()).matches() || regex.matcher(chat.title()).matches();
    }
}
