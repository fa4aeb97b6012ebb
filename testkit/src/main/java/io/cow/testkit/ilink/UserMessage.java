package io.cow.testkit.ilink;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigInteger;

/**
 * A message a user sent to a bot, as queued for {@code getupdates}.
 *
 * @param messageId    {@code message_id} (uint64, usually above 2^53)
 * @param botId        the receiving bot
 * @param fromUser     the sender
 * @param contextToken the fresh {@code context_token} it carries
 * @param json         the exact JSON delivered
 */
public record UserMessage(BigInteger messageId, String botId, String fromUser, String contextToken, ObjectNode json) {
}
