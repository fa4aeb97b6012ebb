package io.cow.core.pipeline;

import io.cow.core.filter.StartTimeFilter;
import io.cow.core.log.LogText;
import io.cow.core.message.IncomingMessage;
import io.cow.core.reply.Graphemes;
import io.cow.core.store.Inbox;
import io.cow.core.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Takes in what a channel delivers: drops what was written before the bot listened, cuts texts longer than the
 * input limit, stores each batch in the inbox (which drops what was taken in before), and only then hands the new
 * messages on. While the store fails, batches wait in memory, in order and up to a bound, and {@link #retry} stores
 * them once it works again; the channel is held back only when that bound is reached.
 */
final class Intake {

    private static final Logger log = LoggerFactory.getLogger(Intake.class);
    /** Messages kept in memory while the store fails; beyond this the channel waits. */
    static final int SPILL_CAPACITY = 1_000;

    private final Inbox inbox;
    private volatile StartTimeFilter startTime;
    private final int maxChars;
    private final Consumer<IncomingMessage> next;
    private final ArrayDeque<IncomingMessage> spill = new ArrayDeque<>();
    private final Object retrying = new Object();
    private volatile boolean handingOn = true;
    private volatile boolean closed;

    /**
     * @param startTime drops messages written before the bot listened
     * @param maxChars  longer texts are cut to this many characters
     * @param next      gets each new message once it is stored
     */
    Intake(Inbox inbox, StartTimeFilter startTime, int maxChars, Consumer<IncomingMessage> next) {
        this.inbox = inbox;
        this.startTime = startTime;
        this.maxChars = maxChars;
        this.next = next;
    }

    /** Replaces the start-time filter (once the bot knows when an earlier run stopped listening). */
    void notBefore(StartTimeFilter filter) {
        this.startTime = filter;
    }

    void accept(List<IncomingMessage> batch) {
        List<IncomingMessage> kept = new ArrayList<>(batch.size());
        StartTimeFilter filter = startTime;
        for (IncomingMessage message : batch) {
            if (filter.isBeforeStart(message)) {
                log.debug("Skipped message {}: created before the bot listened", message.id());
            } else {
                kept.add(capped(message));
            }
        }
        if (kept.isEmpty() || spilled(kept)) {
            return;
        }
        List<IncomingMessage> fresh;
        try {
            fresh = inbox.takeIn(kept);
        } catch (StoreException e) {
            spill(kept, e);
            return;
        }
        logDuplicates(kept, fresh);
        handOn(fresh);
    }

    /** At DEBUG, one line for each message the inbox had already (every unanswered message says why). */
    private static void logDuplicates(List<IncomingMessage> kept, List<IncomingMessage> fresh) {
        if (!log.isDebugEnabled() || fresh.size() == kept.size()) {
            return;
        }
        Set<String> taken = new HashSet<>();
        fresh.forEach(m -> taken.add(m.id()));
        kept.stream().filter(m -> !taken.contains(m.id()))
                .forEach(m -> log.debug("Skipped message {}: already seen", m.id()));
    }

    /** While earlier batches wait in memory, a new one waits behind them (in order); true when it did. */
    private boolean spilled(List<IncomingMessage> batch) {
        synchronized (spill) {
            if (spill.isEmpty()) {
                return false;
            }
            while (spill.size() + batch.size() > SPILL_CAPACITY && !spill.isEmpty() && !closed) {
                try {
                    spill.wait(1_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (spill.isEmpty()) {
                return false;
            }
            spill.addAll(batch);
            return true;
        }
    }

    private void spill(List<IncomingMessage> batch, StoreException cause) {
        int waiting;
        synchronized (spill) {
            spill.addAll(batch);
            waiting = spill.size();
        }
        log.error("❌ Could not store {} incoming message(s) ({}); keeping {} in memory and trying again until the store works",
                batch.size(), cause.getMessage(), waiting);
    }

    /** Stores what waits in memory, oldest first, and hands it on; true when nothing waits any more. */
    boolean retry() {
        synchronized (retrying) {
            while (true) {
                List<IncomingMessage> head;
                synchronized (spill) {
                    if (spill.isEmpty()) {
                        return true;
                    }
                    head = new ArrayList<>(spill);
                }
                List<IncomingMessage> fresh;
                try {
                    fresh = inbox.takeIn(head);
                } catch (StoreException e) {
                    log.debug("The store still fails: {}", e.getMessage());
                    return false;
                }
                synchronized (spill) {
                    for (int i = 0; i < head.size(); i++) {
                        spill.removeFirst();
                    }
                    spill.notifyAll();
                }
                log.info("✅ Stored {} incoming message(s) that waited in memory", head.size());
                handOn(fresh);
            }
        }
    }

    /** Messages waiting in memory for the store. */
    int waiting() {
        synchronized (spill) {
            return spill.size();
        }
    }

    private void handOn(List<IncomingMessage> fresh) {
        if (!handingOn) {
            return;
        }
        fresh.forEach(next);
    }

    /** From now on messages are only stored: the bot is stopping, and the next start answers them. */
    void storeOnly() {
        handingOn = false;
    }

    void close() {
        closed = true;
        synchronized (spill) {
            spill.notifyAll();
        }
    }

    /**
     * A text longer than the limit is cut, at a character boundary, and says so, so the model knows it did not get
     * all of it. This bounds every later step: storing, token counting, the prompt.
     */
    private IncomingMessage capped(IncomingMessage message) {
        String text = message.text();
        if (text.length() <= maxChars) {
            return message;
        }
        int cut = Graphemes.cut(text, maxChars).at();
        log.warn("✂️ A message of {} characters in {} was cut to {} (input.maxChars)", text.length(), LogText.of(message.chat().title()), cut);
        return new IncomingMessage(message.channel(), message.id(), message.chat(), message.sender(), message.kind(),
                text.substring(0, cut) + cutNote(text.length()), message.createdAt(), message.fromSelf(),
                message.mentionsBot(), message.botNames(), message.attachment());
    }

    static String cutNote(int length) {
        return "\n…[the message was cut here: it had " + length + " characters]";
    }
}
