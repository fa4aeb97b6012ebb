package io.cow.core.message;

import java.util.Objects;

/**
 * A chat as a channel addresses it.
 *
 * @param id    the channel's address for the chat; for some transports it changes at every login
 * @param key   a stable identity that survives logins (remark name, nickname or group topic), used for
 *              whatever is kept across logins, such as conversations
 * @param kind  private or group
 * @param title what a person calls it: the contact's name or the group's topic
 */
public record Chat(String id, String key, ChatKind kind, String title) {

    public Chat {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        key = key == null || key.isEmpty() ? id : key;
        title = title == null ? "" : title;
    }

    public static Chat privateChat(String id, String title) {
        return new Chat(id, id, ChatKind.PRIVATE, title);
    }

    public static Chat group(String id, String topic) {
        return new Chat(id, id, ChatKind.GROUP, topic);
    }

    public boolean isGroup() {
        return kind == ChatKind.GROUP;
    }
}
