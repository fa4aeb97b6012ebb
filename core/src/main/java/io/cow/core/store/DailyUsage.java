package io.cow.core.store;

import java.time.LocalDate;

/**
 * What one person cost in one chat with one model on one day.
 *
 * @param channel           the channel's name
 * @param chatKey           the chat's stable key
 * @param memberKey         the stable key of the person who asked (in a private chat, the contact); empty in rows
 *                          written before people were counted
 * @param model             the model that answered; empty in rows written before models were counted
 * @param day               the day, in the bot's time zone
 * @param requests          answered model calls
 * @param promptTokens      tokens sent to the model
 * @param completionTokens  tokens the model answered with
 * @param estimatedRequests of {@code requests}, those whose tokens were estimated because the API reported none
 */
public record DailyUsage(String channel, String chatKey, String memberKey, String model, LocalDate day, long requests,
                         long promptTokens, long completionTokens, long estimatedRequests) {
}
