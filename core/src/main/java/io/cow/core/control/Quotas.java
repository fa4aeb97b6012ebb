package io.cow.core.control;

import io.cow.core.message.IncomingMessage;
import io.cow.core.store.DailyUsage;
import io.cow.core.store.UsageStore;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Today's questions and tokens per person and per group, against their daily limits. Counts are kept in memory for
 * the current day (in the bot's time zone) and start from the store's usage of the day, so a restart does not reset
 * them; at midnight they start again from zero. A question counts when it is let through (so parallel questions
 * cannot overrun a limit), tokens when the answer is counted.
 */
final class Quotas {

    /** One person's (or group's) today. */
    static final class Count {
        long messages;
        long tokens;
    }

    private final DailyLimit perPerson;
    private final DailyLimit perGroup;
    private final ControlState state;
    private final UsageStore usage;
    private final Clock clock;
    private final ZoneId zone;
    private LocalDate day;
    private Map<String, Count> counts = new ConcurrentHashMap<>();
    private final Set<String> noticed = ConcurrentHashMap.newKeySet();

    Quotas(DailyLimit perPerson, DailyLimit perGroup, ControlState state, UsageStore usage, Clock clock, ZoneId zone) {
        this.perPerson = perPerson;
        this.perGroup = perGroup;
        this.state = state;
        this.usage = usage;
        this.clock = clock;
        this.zone = zone;
    }

    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), zone);
    }

    static String personKey(IncomingMessage message) {
        return message.channel() + "\nperson\n" + message.sender().key();
    }

    static String groupKey(IncomingMessage message) {
        return message.channel() + "\ngroup\n" + message.chat().key();
    }

    /** Today's counts, started afresh (from the store) at a new day. */
    private synchronized Map<String, Count> counts() {
        LocalDate today = today();
        if (!today.equals(day)) {
            Map<String, Count> fresh = new ConcurrentHashMap<>();
            for (DailyUsage u : usage.daily(today, today)) {
                add(fresh, u.channel() + "\nperson\n" + u.memberKey(), u.requests(), u.promptTokens() + u.completionTokens());
                add(fresh, u.channel() + "\ngroup\n" + u.chatKey(), u.requests(), u.promptTokens() + u.completionTokens());
            }
            counts = fresh;
            noticed.clear();
            day = today;
        }
        return counts;
    }

    private static void add(Map<String, Count> counts, String key, long messages, long tokens) {
        Count c = counts.computeIfAbsent(key, k -> new Count());
        synchronized (c) {
            c.messages += messages;
            c.tokens += tokens;
        }
    }

    /** Which limit the message's asker is over, described, or empty; counts the question when it is within them. */
    synchronized Optional<String> admit(IncomingMessage message) {
        Map<String, Count> today = counts();
        DailyLimit person = state.quota(message.sender().key(), message.sender().name()).orElse(perPerson);
        Count mine = today.computeIfAbsent(personKey(message), k -> new Count());
        if (person.reachedBy(mine.messages, mine.tokens)) {
            return Optional.of("the daily quota of " + message.sender().name() + " (" + person + ") is used up");
        }
        Count group = null;
        if (message.isGroup()) {
            DailyLimit groupLimit = state.quota(message.chat().key(), message.chat().title()).orElse(perGroup);
            group = today.computeIfAbsent(groupKey(message), k -> new Count());
            if (groupLimit.reachedBy(group.messages, group.tokens)) {
                return Optional.of("the daily quota of the group " + message.chat().title() + " (" + groupLimit + ") is used up");
            }
            group.messages++;
        }
        mine.messages++;
        return Optional.empty();
    }

    /** Counts the tokens of an answer. */
    void tokens(IncomingMessage message, long tokens) {
        Map<String, Count> today = counts();
        add(today, personKey(message), 0, tokens);
        if (message.isGroup()) {
            add(today, groupKey(message), 0, tokens);
        }
    }

    /** True the first time today for this chat: it gets the quota notice. */
    boolean firstNotice(IncomingMessage message) {
        counts();
        return noticed.add(message.channel() + '\n' + message.chat().key());
    }

    /** Today's figures of a person or group key as made by {@link #personKey}/{@link #groupKey}; zeros when none. */
    long[] today(String key) {
        Count c = counts().get(key);
        if (c == null) {
            return new long[]{0, 0};
        }
        synchronized (c) {
            return new long[]{c.messages, c.tokens};
        }
    }
}
