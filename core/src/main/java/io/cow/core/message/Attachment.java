package io.cow.core.message;

import java.util.Objects;

/**
 * The media a message carries, as a reference: the bytes stay with the transport until the bot asks its channel for
 * them ({@code Channel.openAttachment}), so a message in the inbox is small and nothing is downloaded that the bot
 * never uses.
 *
 * @param kind       image, voice, video, file or emoticon
 * @param ref        what the channel needs to download it again (a message id, a CDN address and key, ...); opaque
 *                   to everyone else, kept in the inbox with the message
 * @param fileName   the name the sender gave it, or empty; never trusted for the type
 * @param size       the size the transport announced in bytes, or -1 when it announced none
 * @param transcript for voice: the transport's own transcript, or empty
 */
public record Attachment(MessageKind kind, String ref, String fileName, long size, String transcript) {

    public Attachment {
        Objects.requireNonNull(kind, "kind");
        ref = ref == null ? "" : ref;
        fileName = fileName == null ? "" : fileName;
        transcript = transcript == null ? "" : transcript;
    }

    /** An attachment without a name, announced size or transcript. */
    public static Attachment of(MessageKind kind, String ref) {
        return new Attachment(kind, ref, "", -1, "");
    }
}
