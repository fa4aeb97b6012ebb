package io.cow.testkit.ilink;

/**
 * A confirmed login: a bot account bound to the WeChat user who scanned.
 *
 * @param token   the bot token the client must send
 * @param botId   {@code <12 hex>@im.bot}
 * @param userId  the scanning user, {@code ...@im.wechat}
 * @param revoked the token no longer works (-14)
 */
public record BotBinding(String token, String botId, String userId, boolean revoked) {
}
