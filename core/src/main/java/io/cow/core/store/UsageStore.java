package io.cow.core.store;

import java.time.LocalDate;
import java.util.List;

/** Adds up the tokens each chat used per day. Implementations are thread-safe. */
public interface UsageStore {

    /**
     * Adds one answered model call to the chat's total of that day.
     *
     * @param estimated true when the counts are the bot's estimate, not the API's {@code usage}
     */
    void add(String channel, String chatKey, LocalDate day, int promptTokens, int completionTokens, boolean estimated);

    /** The totals of every chat for the days from {@code from} to {@code to}, both included. */
    List<DailyUsage> daily(LocalDate from, LocalDate to);
}
