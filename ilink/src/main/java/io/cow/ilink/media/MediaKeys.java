package io.cow.ilink.media;

import io.cow.ilink.inbound.MediaRef;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Finds the AES key of an inbound file among the forms the server uses, and writes the form it expects
 * for outbound files.
 */
public final class MediaKeys {

    private static final Pattern HEX32 = Pattern.compile("[0-9a-fA-F]{32}");

    private MediaKeys() {
    }

    /**
     * The key: an image's {@code aeskey} (hex) when present; otherwise {@code media.aes_key} Base64-decoded,
     * which is either the 16 key bytes or 32 hex characters.
     *
     * @throws IllegalArgumentException when no usable key is there
     */
    public static byte[] keyOf(MediaRef media) {
        if (media.hexKey() != null && HEX32.matcher(media.hexKey()).matches()) {
            return HexFormat.of().parseHex(media.hexKey());
        }
        if (media.aesKey() == null || media.aesKey().isEmpty()) {
            throw new IllegalArgumentException("the media item carries no AES key");
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(media.aesKey().strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("media.aes_key is not Base64", e);
        }
        if (decoded.length == 16) {
            return decoded;
        }
        String text = new String(decoded, StandardCharsets.US_ASCII);
        if (decoded.length == 32 && HEX32.matcher(text).matches()) {
            return HexFormat.of().parseHex(text);
        }
        throw new IllegalArgumentException("media.aes_key decodes to " + decoded.length + " bytes, neither a key nor its hex form");
    }

    /** Outbound {@code aes_key}: Base64 of the 32-character hex string, not of the raw bytes. */
    public static String outboundAesKey(byte[] key) {
        return Base64.getEncoder().encodeToString(HexFormat.of().formatHex(key).getBytes(StandardCharsets.US_ASCII));
    }
}
