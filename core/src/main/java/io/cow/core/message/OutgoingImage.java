package io.cow.core.message;

import java.util.Objects;

/**
 * An image the bot sends to a chat.
 *
 * @param chat      where to send it
 * @param data      the encoded image (PNG, JPEG, GIF)
 * @param mediaType its media type, such as {@code image/png}
 * @param fileName  a name for transports that show or need one, such as {@code qr.png}
 */
public record OutgoingImage(Chat chat, byte[] data, String mediaType, String fileName) {

    public OutgoingImage {
        Objects.requireNonNull(chat, "chat");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(mediaType, "mediaType");
        fileName = fileName == null || fileName.isBlank() ? "image" : fileName;
    }

    /** A PNG image. */
    public static OutgoingImage png(Chat chat, byte[] data, String fileName) {
        return new OutgoingImage(chat, data, "image/png", fileName);
    }
}
