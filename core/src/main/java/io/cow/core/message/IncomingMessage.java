package io.cow.core.message;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A message as a channel delivers it to the pipeline, already translated from the transport's format.
 *
 * @param channel     the channel's name; message ids are unique within it
 * @param id          the transport's message id
 * @param chat        where the message was posted
 * @param sender      who wrote it
 * @param kind        text, image, ...
 * @param text        plain text: unescaped, with real newlines and emoji characters
 * @param createdAt   when the transport says it was created
 * @param fromSelf    written by the bot's own account
 * @param mentionsBot the transport says the bot is mentioned (metadata, not text)
 * @param botNames    the names under which the bot can be @-mentioned in this chat: its nickname and,
 *                    in a group, its display name there
 * @param attachment  the image, voice, video or file the message carries, or null
 */
public record IncomingMessage(
        String channel,
        String id,
        Chat chat,
        Sender sender,
        MessageKind kind,
        String text,
        Instant createdAt,
        boolean fromSelf,
        boolean mentionsBot,
        List<String> botNames,
        Attachment attachment) {

    /** A message without an attachment. */
    public IncomingMessage(String channel, String id, Chat chat, Sender sender, MessageKind kind, String text,
                           Instant createdAt, boolean fromSelf, boolean mentionsBot, List<String> botNames) {
        this(channel, id, chat, sender, kind, text, createdAt, fromSelf, mentionsBot, botNames, null);
    }

    public IncomingMessage {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(chat, "chat");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(createdAt, "createdAt");
        text = text == null ? "" : text;
        botNames = botNames == null ? List.of() : botNames.stream().filter(n -> n != null && !n.isBlank()).distinct().toList();
    }

    /** The attachment, when the message carries one. */
    public java.util.Optional<Attachment> media() {
        return java.util.Optional.ofNullable(attachment);
    }

    /** This message as text: a voice message once it is transcribed. The attachment stays, for what it was. */
    public IncomingMessage asText(String newText) {
        return new IncomingMessage(channel, id, chat, sender, MessageKind.TEXT, newText, createdAt, fromSelf, mentionsBot,
                botNames, attachment);
    }

    public boolean isGroup() {
        return chat.isGroup();
    }

    /** Starts a builder for a text message; the remaining fields have neutral defaults. */
    public static Builder text(String channel, String id, Chat chat, Sender sender, String text) {
        return new Builder(channel, id, chat, sender, text);
    }

    /** A builder, mainly for channels and tests that set a few of the many fields. */
    public static final class Builder {
        private final String channel;
        private final String id;
        private final Chat chat;
        private final Sender sender;
        private final String text;
        private MessageKind kind = MessageKind.TEXT;
        private Instant createdAt = Instant.now();
        private boolean fromSelf;
        private boolean mentionsBot;
        private List<String> botNames = List.of();
        private Attachment attachment;

        private Builder(String channel, String id, Chat chat, Sender sender, String text) {
            this.channel = channel;
            this.id = id;
            this.chat = chat;
            this.sender = sender;
            this.text = text;
        }

        public Builder kind(MessageKind kind) {
            this.kind = kind;
            return this;
        }

        public Builder createdAt(Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        public Builder fromSelf(boolean fromSelf) {
            this.fromSelf = fromSelf;
            return this;
        }

        public Builder mentionsBot(boolean mentionsBot) {
            this.mentionsBot = mentionsBot;
            return this;
        }

        public Builder botNames(List<String> botNames) {
            this.botNames = botNames;
            return this;
        }

        public Builder botNames(String... botNames) {
            return botNames(List.of(botNames));
        }

        /** The media the message carries; also sets the message's kind to the attachment's. */
        public Builder attachment(Attachment attachment) {
            this.attachment = attachment;
            if (attachment != null) {
                this.kind = attachment.kind();
            }
            return this;
        }

        public IncomingMessage build() {
            return new IncomingMessage(channel, id, chat, sender, kind, text, createdAt, fromSelf, mentionsBot, botNames, attachment);
        }
    }
}
