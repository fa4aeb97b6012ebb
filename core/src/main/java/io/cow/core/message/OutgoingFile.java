package io.cow.core.message;

import java.util.Objects;

/**
 * A file the bot sends to a chat, such as a long answer as a text file.
 *
 * @param chat      where to send it
 * @param data      the file's bytes
 * @param mediaType its media type, such as {@code text/plain}
 * @param fileName  the name the chat shows
 */
public record OutgoingFile(Chat chat, byte[] data, String mediaType, String fileName) {

    public OutgoingFile {
        Objects.requireNonNull(chat, "chat");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(mediaType, "mediaType");
        fileName = fileName == null || fileName.isBlank() ? "file" : fileName;
    }
}
