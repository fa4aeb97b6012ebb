package io.cow.core.store;

import java.time.LocalDate;
import java.util.List;

/** Adds up the tokens each person used per chat, model and day. Implementations are thread-safe. */
public interface UsageStore {

    /**
     * Adds one answered model call to the total of its person, chat and model on that day.
     *
     * @param estimated true when the counts are the bot's estimate, not the API's {@code usage}
     */
    void add(UsageKey key, LocalDate day, int promptTokens, int completionTokens, boolean estimated);

    /** The totals of the days from {@code from} to {@code to}, both included, ordered by day, channel, chat, person, model. */
    List<DailyUsage> daily(LocalDate from, LocalDate to);
}
