package io.cow.ilink.api;

/**
 * A QR code to log in with.
 *
 * @param handle       the opaque {@code qrcode} used to poll its status
 * @param imageContent {@code qrcode_img_content}: the URL the QR code must encode
 */
public record QrTicket(String handle, String imageContent) {
}
