package io.cow.ilink.media;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cow.ilink.api.Json;

/**
 * A file on the CDN, ready to be sent as one message item.
 *
 * @param downloadParam the CDN's {@code x-encrypted-param}
 * @param key           the AES key it was encrypted with
 * @param cipherSize    encrypted size
 * @param plainSize     original size
 */
public record UploadedMedia(String downloadParam, byte[] key, long cipherSize, long plainSize) {

    /** {@code {"type":2,"image_item":{"media":{...},"mid_size":<ciphertext size>}}}. */
    public ObjectNode imageItem() {
        ObjectNode item = Json.MAPPER.createObjectNode();
        item.put("type", 2);
        ObjectNode image = item.putObject("image_item");
        image.set("media", media());
        image.put("mid_size", cipherSize);
        return item;
    }

    /** {@code {"type":4,"file_item":{"media":{...},"file_name":...,"len":"<plaintext size>"}}}. */
    public ObjectNode fileItem(String fileName) {
        ObjectNode item = Json.MAPPER.createObjectNode();
        item.put("type", 4);
        ObjectNode file = item.putObject("file_item");
        file.set("media", media());
        file.put("file_name", fileName);
        file.put("len", Long.toString(plainSize));
        return item;
    }

    private ObjectNode media() {
        ObjectNode media = Json.MAPPER.createObjectNode();
        media.put("encrypt_query_param", downloadParam);
        media.put("aes_key", MediaKeys.outboundAesKey(key));
        media.put("encrypt_type", 1);
        return media;
    }
}
