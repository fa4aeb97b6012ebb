package io.cow.app.media;

import java.util.Optional;

/**
 * The media type of a file from its first bytes ("magic numbers"), never from its name: what a sender calls
 * {@code cat.jpg} may be anything.
 */
final class MediaTypes {

    /** How many bytes the sniffing needs. */
    static final int HEAD = 16;

    private MediaTypes() {
    }

    /** The type the bytes show, or empty when they show none this bot knows. */
    static Optional<String> sniff(byte[] head, int length) {
        if (starts(head, length, 0xFF, 0xD8, 0xFF)) {
            return Optional.of("image/jpeg");
        }
        if (starts(head, length, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of("image/png");
        }
        if (starts(head, length, 'G', 'I', 'F', '8')) {
            return Optional.of("image/gif");
        }
        if (starts(head, length, 'R', 'I', 'F', 'F') && at(head, length, 8, 'W', 'E', 'B', 'P')) {
            return Optional.of("image/webp");
        }
        if (starts(head, length, 'R', 'I', 'F', 'F') && at(head, length, 8, 'W', 'A', 'V', 'E')) {
            return Optional.of("audio/wav");
        }
        if (starts(head, length, 'I', 'D', '3') || length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xE0) == 0xE0) {
            return Optional.of("audio/mpeg");
        }
        if (starts(head, length, '#', '!', 'S', 'I', 'L', 'K') || starts(head, length, 0x02, '#', '!', 'S', 'I', 'L', 'K')) {
            return Optional.of("audio/silk");
        }
        if (starts(head, length, '#', '!', 'A', 'M', 'R')) {
            return Optional.of("audio/amr");
        }
        if (starts(head, length, 'O', 'g', 'g', 'S')) {
            return Optional.of("audio/ogg");
        }
        if (at(head, length, 4, 'f', 't', 'y', 'p')) {
            return Optional.of(at(head, length, 8, 'M', '4', 'A') ? "audio/mp4" : "video/mp4");
        }
        if (starts(head, length, '%', 'P', 'D', 'F')) {
            return Optional.of("application/pdf");
        }
        if (starts(head, length, 'P', 'K', 0x03, 0x04)) {
            return Optional.of("application/zip");
        }
        return Optional.empty();
    }

    /** The file name extension for a type. */
    static String extension(String mediaType) {
        return switch (mediaType) {
            case "image/jpeg" -> "jpg";
            case "audio/mpeg" -> "mp3";
            case "audio/silk" -> "silk";
            default -> mediaType.substring(mediaType.indexOf('/') + 1);
        };
    }

    private static boolean starts(byte[] head, int length, int... expected) {
        return at(head, length, 0, expected);
    }

    private static boolean at(byte[] head, int length, int offset, int... expected) {
        if (length < offset + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((head[offset + i] & 0xFF) != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
