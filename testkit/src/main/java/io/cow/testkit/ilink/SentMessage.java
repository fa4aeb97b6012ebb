package io.cow.testkit.ilink;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * A message the bot sent that the simulator accepted.
 *
 * @param botId        the sending bot
 * @param toUser       the recipient
 * @param clientId     the request's {@code client_id}
 * @param contextToken the {@code context_token} it carried
 * @param itemType     1 text, 2 image, 4 file, 5 video
 * @param text         the text of a text message, else empty
 * @param media        the decrypted file of a media message, else null
 * @param messageId    the id the simulator answered with
 * @param body         the whole request body
 * @param at           simulator time of acceptance
 */
public record SentMessage(String botId, String toUser, String clientId, String contextToken, int itemType, String text,
                          byte[] media, String messageId, JsonNode body, Instant at) {
}
