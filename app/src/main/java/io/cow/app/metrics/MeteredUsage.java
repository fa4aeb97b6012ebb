package io.cow.app.metrics;

import io.cow.core.store.DailyUsage;
import io.cow.core.store.UsageKey;
import io.cow.core.store.UsageStore;

import java.time.LocalDate;
import java.util.List;

/** A usage store that also counts the tokens into the metrics. */
final class MeteredUsage implements UsageStore {

    private final UsageStore store;
    private final BotMetrics metrics;

    MeteredUsage(UsageStore store, BotMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    @Override
    public void add(UsageKey key, LocalDate day, int promptTokens, int completionTokens, boolean estimated) {
        metrics.tokens(promptTokens, completionTokens);
        store.add(key, day, promptTokens, completionTokens, estimated);
    }

    @Override
    public List<DailyUsage> daily(LocalDate from, LocalDate to) {
        return store.daily(from, to);
    }
}
