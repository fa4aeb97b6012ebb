package io.cow.app.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cow.core.alert.Alert;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The body each kind of webhook accepts: a generic JSON object, or the text message of the WeCom group robot, the
 * Feishu (Lark) custom bot and the DingTalk custom robot.
 */
enum WebhookFormat {
    /** {@code {"kind", "channel", "text", "at", "consoleUrl"}}. */
    JSON,
    /** WeCom group robot: {@code {"msgtype": "text", "text": {"content": …}}}. */
    WECOM,
    /** Feishu custom bot: {@code {"msg_type": "text", "content": {"text": …}}}. */
    FEISHU,
    /** DingTalk custom robot: {@code {"msgtype": "text", "text": {"content": …}}}. */
    DINGTALK;

    private static final ObjectMapper JSON_MAPPER = new ObjectMapper();

    static WebhookFormat parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "json", "" -> JSON;
            case "wecom", "wechat-work", "wework" -> WECOM;
            case "feishu", "lark" -> FEISHU;
            case "dingtalk" -> DINGTALK;
            default -> throw new IllegalArgumentException(text);
        };
    }

    /**
     * The request body for an alert.
     *
     * @param consoleUrl the console's QR page, or empty
     */
    public String body(Alert alert, String consoleUrl) {
        String text = "[cow] " + alert.text() + (consoleUrl.isEmpty() ? "" : "\n" + consoleUrl);
        Map<String, Object> body = switch (this) {
            case JSON -> {
                Map<String, Object> map = new LinkedHashMap<>();
                map.put("kind", alert.kind().name().toLowerCase(Locale.ROOT));
                map.put("channel", alert.channel());
                map.put("text", alert.text());
                map.put("at", alert.at().toString());
                map.put("consoleUrl", consoleUrl);
                yield map;
            }
            case WECOM, DINGTALK -> Map.of("msgtype", "text", "text", Map.of("content", text));
            case FEISHU -> Map.of("msg_type", "text", "content", Map.of("text", text));
        };
        try {
            return JSON_MAPPER.writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot happen: a map of strings", e);
        }
    }

    /** Formats as the config names them. */
    public static List<String> names() {
        return List.of("json", "wecom", "feishu", "dingtalk");
    }
}
