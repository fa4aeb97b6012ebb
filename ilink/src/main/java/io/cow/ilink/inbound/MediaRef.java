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

    /** This reference as one text, for an attachment's {@code ref} (kept with the message in the inbox). */
    public String asText() {
        com.fasterxml.jackson.databind.node.ObjectNode node = io.cow.ilink.api.Json.MAPPER.createObjectNode();
        node.put("q", encryptQueryParam).put("u", fullUrl).put("k", aesKey).put("h", hexKey);
        return node.toString();
    }

    /** The reference {@link #asText} wrote. */
    public static MediaRef fromText(String text) throws java.io.IOException {
        com.fasterxml.jackson.databind.JsonNode node = io.cow.ilink.api.Json.MAPPER.readTree(text);
        if (node == null || !node.isObject()) {
            throw new java.io.IOException("not an iLink media reference");
        }
        return new MediaRef(node.path("q").asText(""), node.path("u").asText(""), node.path("k").asText(""), node.path("h").asText(""));
    }
}
