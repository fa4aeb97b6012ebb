package io.cow.core.store;

import java.time.LocalDate;

/**
 * What one chat cost on one day.
 *
 * @param channel           the channel's name
 * @param chatKey           the chat's stable key
 * @param day               the day, in the bot's time zone
 * @param requests          answered model calls
 * @param promptTokens      tokens sent to the model
 * @param completionTokens  tokens the model answered with
 * @param estimatedRequests of {@code requests}, those whose tokens were estimated because the API reported none
 */
public record DailyUsage(String channel, String chatKey, LocalDate day, long requests, long promptTokens,
                         long completionTokens, long estimatedRequests) {
}
