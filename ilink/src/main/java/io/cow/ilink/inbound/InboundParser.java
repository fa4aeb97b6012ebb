package io.cow.ilink.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import io.cow.ilink.api.Json;

import java.util.ArrayList;
import java.util.List;

/** Reads one raw {@code getupdates} message; unknown fields are ignored, a message without a sender is refused. */
public final class InboundParser {

    private InboundParser() {
    }

    /**
     * @throws IllegalArgumentException when the message lacks what every message has
     */
    public static InboundMessage parse(JsonNode raw) {
        if (raw == null || !raw.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String from = Json.text(raw, "from_user_id");
        if (from.isEmpty()) {
            throw new IllegalArgumentException("no from_user_id");
        }
        List<InboundItem> items = new ArrayList<>();
        for (JsonNode item : raw.path("item_list")) {
            items.add(item(item));
        }
        return new InboundMessage(Json.id(raw.get("message_id")), Json.id(raw.get("seq")), from, Json.text(raw, "to_user_id"),
                raw.path("create_time_ms").asLong(0), raw.path("message_type").asInt(0), Json.text(raw, "context_token"), items);
    }

    private static InboundItem item(JsonNode item) {
        int type = item.path("type").asInt(0);
        String msgId = Json.id(item.get("msg_id"));
        return switch (type) {
            case InboundItem.TEXT -> new InboundItem(type, msgId, item.path("text_item").path("text").asText(""), null, "");
            case InboundItem.IMAGE -> {
                JsonNode image = item.path("image_item");
                yield new InboundItem(type, msgId, "", media(image.path("media"), Json.text(image, "aeskey")), "");
            }
            case InboundItem.VOICE -> {
                JsonNode voice = item.path("voice_item");
                yield new InboundItem(type, msgId, voice.path("text").asText(""), media(voice.path("media"), ""), "");
            }
            case InboundItem.FILE -> {
                JsonNode file = item.path("file_item");
                yield new InboundItem(type, msgId, "", media(file.path("media"), ""), file.path("file_name").asText(""));
            }
            case InboundItem.VIDEO -> new InboundItem(type, msgId, "", media(item.path("video_item").path("media"), ""), "");
            default -> new InboundItem(type, msgId, "", null, "");
        };
    }

    private static MediaRef media(JsonNode media, String hexKey) {
        if (!media.isObject()) {
            return null;
        }
        MediaRef ref = new MediaRef(Json.text(media, "encrypt_query_param"), Json.text(media, "full_url"),
                Json.text(media, "aes_key"), hexKey);
        return ref.encryptQueryParam().isEmpty() && ref.fullUrl().isEmpty() ? null : ref;
    }
}
