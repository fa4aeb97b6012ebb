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
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Takes in what a channel delivers: drops what was written before the bot listened, cuts texts longer than the
 * input limit, stores each batch in the inbox (which drops what was taken in before), and only then hands the new
 * messages on. While the store fails, batches wait in memory, in order and up to a bound, and {@link #retry} stores
 * them once it works again; the channel is held back only when that bound is reached. What it lets go (written before
 * the start, or delivered again) it tells, with its outcome, on the thread that takes it in (the channel's, or the
 * store retry's): telling costs no store write and no worker, so a burst of re-deliveries costs no more than reading it.
 */
final class Intake {

    private static final Logger log = LoggerFactory.getLogger(Intake.class);
    /** Messages kept in memory while the store fails; beyond this the channel waits. */
    static final int SPILL_CAPACITY = 1_000;

    private final Inbox inbox;
    private volatile StartTimeFilter startTime;
    private final int maxChars;
    private final Consumer<IncomingMessage> next;
    private final BiConsumer<IncomingMessage, Outcome> letGo;
    private final ArrayDeque<IncomingMessage> spill = new ArrayDeque<>();
    private final Object retrying = new Object();
    private volatile boolean handingOn = true;
    private volatile boolean closed;

    /**
     * @param startTime drops messages written before the bot listened
     * @param maxChars  longer texts are cut to this many characters
     * @param next      gets each new message once it is stored
     * @param letGo     told of each message let go: {@link Outcome#BEFORE_START} or {@link Outcome#DUPLICATE}
     */
    Intake(Inbox inbox, StartTimeFilter startTime, int maxChars, Consumer<IncomingMessage> next,
           BiConsumer<IncomingMessage, Outcome> letGo) {
        this.inbox = inbox;
        this.startTime = startTime;
        this.maxChars = maxChars;
        this.next = next;
        this.letGo = letGo;
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
                letGo.accept(message, Outcome.BEFORE_START);
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
        letGoDuplicates(kept, fresh);
        handOn(fresh);
    }

    /**
     * Tells (and logs at DEBUG) each message of the batch that the inbox had already. The inbox returns the new ones
     * as a subsequence of the batch, the same objects in the same order, so one walk finds the others.
     */
    private void letGoDuplicates(List<IncomingMessage> batch, List<IncomingMessage> fresh) {
        if (fresh.size() == batch.size()) {
            return;
        }
        int next = 0;
        for (IncomingMessage message : batch) {
            if (next < fresh.size() && fresh.get(next) == message) {
                next++;
            } else {
                log.debug("Skipped message {}: already seen", message.id());
                letGo.accept(message, Outcome.DUPLICATE);
            }
        }
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
                letGoDuplicates(head, fresh);
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
