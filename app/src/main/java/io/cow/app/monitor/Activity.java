package io.cow.app.monitor;

import io.cow.core.control.SkipReasons;
import io.cow.core.message.IncomingMessage;
import io.cow.core.pipeline.BotObserver;
import io.cow.core.pipeline.Outcome;
import io.cow.core.secret.Secrets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What became of the messages lately: counts per outcome for each minute of the last day, and the latest messages
 * that got no answer from the model, with the reason (not the bot's own replies echoed back). Kept in memory (a few hundred KB at most); a restart starts
 * afresh.
 */
public final class Activity implements BotObserver {

    /** How many unanswered messages are kept. */
    static final int SKIPPED_KEPT = 500;
    private static final int TEXT_KEPT = 300;
    private static final int MINUTES = 24 * 60;
    private static final Outcome[] OUTCOMES = Outcome.values();

    /**
     * A message the model did not answer.
     *
     * @param chatKey the chat's stable key
     * @param chat    the chat's title
     * @param sender  who wrote it
     * @param text    its text, secrets redacted, cut to a few hundred characters
     * @param reason  why, in words
     */
    public record Skipped(Instant at, String channel, String chatKey, String chat, boolean group, String sender, String text,
                          Outcome outcome, String reason) {
    }

    private final SkipReasons reasons;
    private final Clock clock;
    private final long[][] perMinute = new long[MINUTES][OUTCOMES.length];
    private final long[] minuteOfSlot = new long[MINUTES];
    private final ArrayDeque<Skipped> skipped = new ArrayDeque<>();

    /** @param selfChat whether the bot answers its own account (so its messages are not noise) */
    public Activity(boolean selfChat, Clock clock) {
        this.reasons = new SkipReasons(selfChat);
        this.clock = clock;
    }

    @Override
    public void handled(IncomingMessage message, Outcome outcome) {
        Instant now = clock.instant();
        // The bot's own replies echoed back by the transport were never meant for an answer: counted, not listed.
        Skipped skip = outcome == Outcome.ANSWERED || outcome == Outcome.ECHO ? null : new Skipped(now, message.channel(), message.chat().key(),
                message.chat().title(), message.isGroup(), message.sender().name(), cut(Secrets.redact(message.text())),
                outcome, reasons.reason(message, outcome));
        long minute = now.getEpochSecond() / 60;
        synchronized (this) {
            int slot = (int) (minute % MINUTES);
            if (minuteOfSlot[slot] != minute) {
                minuteOfSlot[slot] = minute;
                java.util.Arrays.fill(perMinute[slot], 0);
            }
            perMinute[slot][outcome.ordinal()]++;
            if (skip != null) {
                if (skipped.size() == SKIPPED_KEPT) {
                    skipped.removeFirst();
                }
                skipped.addLast(skip);
            }
        }
    }

    /** Messages per outcome in the window before now (at most a day), counted by whole minutes. */
    public synchronized Map<Outcome, Long> counts(Duration window) {
        long now = clock.instant().getEpochSecond() / 60;
        long minutes = Math.min(MINUTES, Math.max(1, window.toMinutes()));
        Map<Outcome, Long> out = new EnumMap<>(Outcome.class);
        for (Outcome outcome : OUTCOMES) {
            out.put(outcome, 0L);
        }
        for (long m = now - minutes + 1; m <= now; m++) {
            int slot = (int) (m % MINUTES);
            if (minuteOfSlot[slot] == m) {
                for (Outcome outcome : OUTCOMES) {
                    out.merge(outcome, perMinute[slot][outcome.ordinal()], Long::sum);
                }
            }
        }
        return out;
    }

    /** The latest messages without a model answer, newest first. */
    public synchronized List<Skipped> skipped(int limit) {
        List<Skipped> out = new ArrayList<>(Math.min(limit, skipped.size()));
        Iterator<Skipped> newestFirst = skipped.descendingIterator();
        while (newestFirst.hasNext() && out.size() < limit) {
            out.add(newestFirst.next());
        }
        return out;
    }

    private static String cut(String text) {
        return text.length() <= TEXT_KEPT ? text : text.substring(0, TEXT_KEPT) + "…";
    }
}
