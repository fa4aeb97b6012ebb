package io.cow.core.message;

import java.util.List;
import java.util.Objects;

/**
 * A text the bot sends to a chat.
 *
 * @param chat       where to send it
 * @param text       plain text with real newlines
 * @param mentionIds senders to @-mention, for transports that mention by id (may be empty)
 * @param inReplyTo  the message being answered, or null; channels use it for transport details such as
 *                   a reply token
 */
public record OutgoingMessage(Chat chat, String text, List<String> mentionIds, IncomingMessage inReplyTo) {

    public OutgoingMessage {
        Objects.requireNonNull(chat, "chat");
        Objects.requireNonNull(text, "text");
        mentionIds = mentionIds == null ? List.of() : List.copyOf(mentionIds);
    }

    public static OutgoingMessage to(Chat chat, String text) {
        return new OutgoingMessage(chat, text, List.of(), null);
    }
}
