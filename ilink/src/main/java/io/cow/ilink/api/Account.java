package io.cow.ilink.api;

/**
 * A logged-in bot account: what a confirmed QR login returns.
 *
 * @param token        the bot token ({@code <botId>:<hex>}), secret
 * @param baseUrl      where every call of this account goes
 * @param botId        {@code ...@im.bot}
 * @param userId       the WeChat user who scanned, {@code ...@im.wechat}
 * @param loginBaseUrl the configured base URL the login started from; a stored account is only reused with it
 */
public record Account(String token, String baseUrl, String botId, String userId, String loginBaseUrl) {

    @Override
    public String toString() {
        return "Account[bot=" + botId + ", user=" + userId + ", baseUrl=" + baseUrl + "]";
    }
}
