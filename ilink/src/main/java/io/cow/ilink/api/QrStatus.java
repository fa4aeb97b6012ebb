package io.cow.ilink.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One answer of {@code get_qrcode_status}.
 *
 * @param status       wait, scaned, confirmed, expired, scaned_but_redirect, need_verifycode,
 *                     verify_code_blocked, binded_redirect
 * @param botToken     with confirmed
 * @param botId        with confirmed
 * @param baseUrl      with confirmed: where the account's calls go
 * @param userId       with confirmed: the WeChat user who scanned
 * @param redirectHost with scaned_but_redirect: the host to poll from now on
 */
public record QrStatus(String status, String botToken, String botId, String baseUrl, String userId, String redirectHost) {

    public static final QrStatus WAIT = new QrStatus("wait", "", "", "", "", "");

    static QrStatus from(JsonNode json) {
        return new QrStatus(Json.text(json, "status"), Json.text(json, "bot_token"), Json.text(json, "ilink_bot_id"),
                Json.text(json, "baseurl"), Json.text(json, "ilink_user_id"), Json.text(json, "redirect_host"));
    }

    @Override
    public String toString() {
        return "QrStatus[" + status + (botId.isEmpty() ? "" : ", bot=" + botId) + "]";
    }
}
