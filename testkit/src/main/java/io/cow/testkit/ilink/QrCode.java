package io.cow.testkit.ilink;

import java.util.List;

/**
 * A login QR code the simulator issued.
 *
 * @param handle       {@code qrcode}, the polling handle
 * @param imageContent {@code qrcode_img_content}: the URL a phone scans
 * @param localTokens  the {@code local_token_list} the client sent
 */
public record QrCode(String handle, String imageContent, List<String> localTokens) {
}
