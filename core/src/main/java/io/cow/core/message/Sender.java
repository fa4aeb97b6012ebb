package io.cow.core.message;

import java.util.Objects;

/**
 * The author of a message.
 *
 * @param id   the channel's address of the sender
 * @param key  a stable identity that survives logins
 * @param name the sender's display name (their name in the group when known)
 * @param kind person, official, special or system account
 */
public record Sender(String id, String key, String name, SenderKind kind) {

    public Sender {
        Objects.requireNonNull(id, "id");
        key = key == null || key.isEmpty() ? id : key;
        name = name == null ? "" : name;
        kind = kind == null ? SenderKind.PERSON : kind;
    }

    public static Sender person(String id, String name) {
        return new Sender(id, id, name, SenderKind.PERSON);
    }
}
