package io.cow.ilink.inbound;

/**
 * Where an encrypted file of a message lies on the CDN, and how to decrypt it.
 *
 * @param encryptQueryParam {@code media.encrypt_query_param}, for the CDN download URL
 * @param fullUrl           {@code media.full_url}, used instead when not empty
 * @param aesKey            {@code media.aes_key} (Base64 of 16 bytes or of 32 hex characters)
 * @param hexKey            {@code image_item.aeskey} (32 hex characters), preferred for images; may be empty
 */
public record MediaRef(String encryptQueryParam, String fullUrl, String aesKey, String hexKey) {
}
