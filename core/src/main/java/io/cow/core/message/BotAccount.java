package io.cow.core.message;

/**
 * The account the bot is logged in as.
 *
 * @param id   the channel's id of the bot's own account
 * @param name its nickname, which group members @-mention
 */
public record BotAccount(String id, String name) {
}
