package io.cow.core.store;

import io.cow.core.message.ChatKind;

import java.time.Instant;
import java.util.Objects;

/**
 * A chat the bot has seen a message in, and what happened last there.
 *
 * @param channel     the channel's name
 * @param chatKey     the chat's stable key
 * @param kind        private or group
 * @param title       the contact's name or the group's topic, as last seen
 * @param lastAt      when its last message was handled
 * @param lastOutcome what became of that message (an {@code Outcome} name)
 * @param messages    messages handled there (when recording: the ones to add)
 */
public record SeenChat(String channel, String chatKey, ChatKind kind, String title, Instant lastAt, String lastOutcome,
                       long messages) {

    public SeenChat {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(chatKey, "chatKey");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(lastAt, "lastAt");
        title = title == null ? "" : title;
        lastOutcome = lastOutcome == null ? "" : lastOutcome;
    }
}
