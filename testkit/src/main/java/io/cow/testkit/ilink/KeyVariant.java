package io.cow.testkit.ilink;

/** The ways the real server hands out the AES key of an inbound file (fact sheet §5). */
public enum KeyVariant {
    /** {@code image_item.aeskey} as 32 hex characters (images only), plus {@code media.aes_key}. */
    IMAGE_AESKEY_HEX,
    /** {@code media.aes_key} = Base64 of the 16 raw key bytes. */
    BASE64_RAW,
    /** {@code media.aes_key} = Base64 of the key's 32 hex characters. */
    BASE64_HEX,
    /** Like {@link #BASE64_RAW}, with the download given as {@code media.full_url} only. */
    FULL_URL
}
