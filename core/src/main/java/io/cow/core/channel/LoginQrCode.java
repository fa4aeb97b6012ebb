package io.cow.core.channel;

import java.util.Objects;

/**
 * A QR code the owner scans with the phone.
 *
 * @param content the text the QR code encodes (a URL)
 * @param hint    one line that says what to do with it, e.g. "Scan with WeChat to log in"
 */
public record LoginQrCode(String content, String hint) {

    public LoginQrCode {
        Objects.requireNonNull(content, "content");
        hint = hint == null || hint.isBlank() ? "Scan this QR code with WeChat to log in" : hint;
    }
}
