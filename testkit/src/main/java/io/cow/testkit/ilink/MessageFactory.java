package io.cow.testkit.ilink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;

/**
 * Builds inbound messages shaped like the real server's (fact sheet §3.1): bare uint64 ids above 2^53,
 * item ids of the form {@code v1:<uint64>}, a fresh ~140-character context token, and the fields clients
 * must ignore.
 */
final class MessageFactory {

    private final ObjectMapper json;
    private final Random random;

    MessageFactory(ObjectMapper json, Random random) {
        this.json = json;
        this.random = random;
    }

    /** A uint64 above 2^53 (half of them above 2^63, beyond a Java long). */
    BigInteger bigId() {
        BigInteger id = new BigInteger(62, random).setBit(random.nextBoolean() ? 63 : 62);
        return id;
    }

    String contextToken() {
        byte[] bytes = new byte[105];
        random.nextBytes(bytes);
        return "AARzJWAF" + Base64.getEncoder().encodeToString(bytes).substring(8);
    }

    ObjectNode envelope(BigInteger messageId, long seq, String fromUser, String botId, long nowMs, String contextToken) {
        ObjectNode m = json.createObjectNode();
        m.put("seq", seq);
        m.put("message_id", messageId);
        m.put("from_user_id", fromUser);
        m.put("to_user_id", botId);
        m.put("client_id", "mmassistant_bypmsg_inbox_" + HexFormat.of().formatHex(randomBytes(8)));
        m.put("create_time_ms", nowMs);
        m.put("update_time_ms", nowMs + 106);
        m.put("delete_time_ms", 0);
        m.put("session_id", "");
        m.put("group_id", "");
        m.put("message_type", 1);
        m.put("message_state", 2);
        m.putArray("item_list");
        m.put("context_token", contextToken);
        m.put("root_id", 0);
        m.put("parent_id", 0);
        return m;
    }

    ObjectNode item(int type, long nowMs) {
        ObjectNode item = json.createObjectNode();
        item.put("type", type);
        item.put("create_time_ms", nowMs);
        item.put("update_time_ms", nowMs);
        item.put("is_completed", true);
        item.put("msg_id", "v1:" + bigId());
        item.putArray("button_item_list");
        item.putArray("at_bot_username_list");
        return item;
    }

    ObjectNode textItem(String text, long nowMs) {
        ObjectNode item = item(1, nowMs);
        item.putObject("text_item").put("text", text);
        return item;
    }

    ObjectNode quoteItem(String text, String quoted, long nowMs) {
        ObjectNode item = textItem(text, nowMs);
        ObjectNode ref = item.putObject("ref_msg");
        ref.set("message_item", textItem(quoted, nowMs - 60_000));
        ref.put("title", quoted.length() > 20 ? quoted.substring(0, 20) : quoted);
        ref.put("svr_id", bigId());
        ref.put("partial_text", quoted);
        return item;
    }

    ObjectNode voiceItem(String transcription, ObjectNode media, long nowMs) {
        ObjectNode item = item(3, nowMs);
        ObjectNode voice = item.putObject("voice_item");
        voice.set("media", media);
        voice.put("encode_type", 6);
        voice.put("bits_per_sample", 16);
        voice.put("sample_rate", 24000);
        voice.put("playtime", 2300);
        voice.put("text", transcription);
        return item;
    }

    /** The CDN reference of a file, with the key in the given form. */
    ObjectNode media(String downloadParam, byte[] key, KeyVariant variant, String fullUrl) {
        ObjectNode media = json.createObjectNode();
        String hex = HexFormat.of().formatHex(key);
        media.put("encrypt_query_param", variant == KeyVariant.FULL_URL ? "" : downloadParam);
        switch (variant) {
            case IMAGE_AESKEY_HEX, BASE64_HEX -> media.put("aes_key",
                    Base64.getEncoder().encodeToString(hex.getBytes(StandardCharsets.US_ASCII)));
            case BASE64_RAW, FULL_URL -> media.put("aes_key", Base64.getEncoder().encodeToString(key));
        }
        media.put("encrypt_type", 1);
        if (variant == KeyVariant.FULL_URL) {
            media.put("full_url", fullUrl);
        }
        return media;
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
