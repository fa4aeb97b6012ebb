package io.cow.ilink.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The iLink bot endpoints, all under {@code /ilink/bot/}. */
public final class IlinkApi {

    public static final String PREFIX = "/ilink/bot/";

    private final IlinkHttp http;
    private final Duration requestTimeout;

    public IlinkApi(IlinkHttp http, Duration requestTimeout) {
        this.http = http;
        this.requestTimeout = requestTimeout;
    }

    public IlinkHttp http() {
        return http;
    }

    /** Asks for a login QR code, naming up to ten recent tokens so the server can recognise this client. */
    public QrTicket getBotQrcode(String baseUrl, List<String> localTokens) throws IOException, InterruptedException, IlinkErrorException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode tokens = body.putArray("local_token_list");
        localTokens.stream().limit(10).forEach(tokens::add);
        JsonNode json = http.post(baseUrl, PREFIX + "get_bot_qrcode?bot_type=3", null, body, requestTimeout);
        QrTicket ticket = new QrTicket(Json.text(json, "qrcode"), Json.text(json, "qrcode_img_content"));
        if (ticket.handle().isEmpty() || ticket.imageContent().isEmpty()) {
            throw new IOException("get_bot_qrcode answered without qrcode or qrcode_img_content");
        }
        return ticket;
    }

    /** Polls a QR code's status; the server holds the request for a while. */
    public QrStatus getQrcodeStatus(String baseUrl, String qrcode, String verifyCode, Duration timeout)
            throws IOException, InterruptedException, IlinkErrorException {
        String query = PREFIX + "get_qrcode_status?qrcode=" + encode(qrcode)
                + (verifyCode == null || verifyCode.isEmpty() ? "" : "&verify_code=" + encode(verifyCode));
        return QrStatus.from(http.get(baseUrl, query, timeout));
    }

    /** The long poll for new messages. */
    public Updates getUpdates(Account account, String cursor, Duration timeout) throws IOException, InterruptedException, IlinkErrorException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("get_updates_buf", cursor == null ? "" : cursor);
        JsonNode json = http.post(account.baseUrl(), PREFIX + "getupdates", account.token(), body, timeout);
        List<JsonNode> messages = new ArrayList<>();
        json.path("msgs").forEach(messages::add);
        return new Updates(messages, Json.text(json, "get_updates_buf"),
                Duration.ofMillis(Math.max(0, json.path("longpolling_timeout_ms").asLong(0))));
    }

    /**
     * Sends one message ({@code msg} with exactly one item).
     *
     * @return the server's {@code message_id} as exact text, or empty when it gave none
     */
    public String sendMessage(Account account, ObjectNode msg) throws IOException, InterruptedException, IlinkErrorException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.set("msg", msg);
        JsonNode json = http.post(account.baseUrl(), PREFIX + "sendmessage", account.token(), body, requestTimeout);
        return Json.id(json.path("message_id"));
    }

    /** The typing ticket for a user. */
    public String getConfig(Account account, String userId, String contextToken) throws IOException, InterruptedException, IlinkErrorException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("ilink_user_id", userId);
        if (contextToken != null && !contextToken.isEmpty()) {
            body.put("context_token", contextToken);
        }
        JsonNode json = http.post(account.baseUrl(), PREFIX + "getconfig", account.token(), body, requestTimeout);
        String ticket = Json.text(json, "typing_ticket");
        if (ticket.isEmpty()) {
            throw new IOException("getconfig answered without a typing_ticket");
        }
        return ticket;
    }

    /** Shows (status 1) or cancels (status 2) "typing…" in a user's chat. */
    public void sendTyping(Account account, String userId, String ticket, int status) throws IOException, InterruptedException, IlinkErrorException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("ilink_user_id", userId);
        body.put("typing_ticket", ticket);
        body.put("status", status);
        http.post(account.baseUrl(), PREFIX + "sendtyping", account.token(), body, requestTimeout);
    }

    /** Announces an encrypted upload and learns where it goes. */
    public UploadTicket getUploadUrl(Account account, ObjectNode request) throws IOException, InterruptedException, IlinkErrorException {
        JsonNode json = http.post(account.baseUrl(), PREFIX + "getuploadurl", account.token(), request, requestTimeout);
        UploadTicket ticket = new UploadTicket(Json.text(json, "upload_param"), Json.text(json, "upload_full_url"));
        if (ticket.uploadParam().isEmpty() && ticket.uploadFullUrl().isEmpty()) {
            throw new IOException("getuploadurl answered without upload_param or upload_full_url");
        }
        return ticket;
    }

    /** {@code msg/notifystart} or {@code msg/notifystop}. */
    public void notify(Account account, boolean start) throws IOException, InterruptedException, IlinkErrorException {
        http.post(account.baseUrl(), PREFIX + (start ? "msg/notifystart" : "msg/notifystop"), account.token(),
                Json.MAPPER.createObjectNode(), requestTimeout);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
