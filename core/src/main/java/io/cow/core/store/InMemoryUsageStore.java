package io.cow.core.store;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Token usage in memory, for tests and for running without a database. Lost at restart. */
public final class InMemoryUsageStore implements UsageStore {

    private final Map<String, DailyUsage> totals = new LinkedHashMap<>();

    @Override
    public synchronized void add(UsageKey key, LocalDate day, int promptTokens, int completionTokens, boolean estimated) {
        String id = String.join("\u0000", key.channel(), key.chatKey(), key.memberKey(), key.model(), day.toString());
        DailyUsage old = totals.getOrDefault(id,
                new DailyUsage(key.channel(), key.chatKey(), key.memberKey(), key.model(), day, 0, 0, 0, 0));
        totals.put(id, new DailyUsage(key.channel(), key.chatKey(), key.memberKey(), key.model(), day, old.requests() + 1,
                old.promptTokens() + promptTokens, old.completionTokens() + completionTokens,
                old.estimatedRequests() + (estimated ? 1 : 0)));
    }

    @Override
    public synchronized List<DailyUsage> daily(LocalDate from, LocalDate to) {
        List<DailyUsage> out = new ArrayList<>();
        for (DailyUsage usage : totals.values()) {
            if (!usage.day().isBefore(from) && !usage.day().isAfter(to)) {
                out.add(usage);
            }
        }
        out.sort(Comparator.comparing(DailyUsage::day).thenComparing(DailyUsage::channel).thenComparing(DailyUsage::chatKey)
                .thenComparing(DailyUsage::memberKey).thenComparing(DailyUsage::model));
        return out;
    }
}
