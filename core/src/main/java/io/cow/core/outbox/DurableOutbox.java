package io.cow.core.outbox;

import io.cow.core.channel.kit.PartSource;
import io.cow.core.channel.kit.PartSources;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.OutgoingMessage;
import io.cow.core.store.ConversationStore;
import io.cow.core.store.Outbox;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One channel instance's durable outbox: the pipeline writes each reply's parts here before the channel may send
 * them (the end of an answer in one transaction with its turn and its message's "handled" mark), and the channel's
 * send queue sends from here ({@link #open}), so what was queued when the bot stopped is sent after the restart,
 * unless it waited longer than {@code outbox.maxAge}.
 */
public final class DurableOutbox implements PartSources {

    private final String channel;
    private final Outbox store;
    private final ConversationStore turns;
    private final Duration maxAge;
    private final Clock clock;
    /** Parts the pipeline stored that the channel has not queued yet: queuing them must not store them again. */
    private final Set<String> storedNotQueued = ConcurrentHashMap.newKeySet();
    /** Chat and text of the parts an earlier run left that this one sends: their echoes are the bot's own. */
    private final Set<String> leftovers = ConcurrentHashMap.newKeySet();

    /**
     * @param channel the instance's name
     * @param turns   where a turn whose answer was given up is forgotten
     * @param maxAge  parts older than this at a start are not sent
     */
    public DurableOutbox(String channel, Outbox store, ConversationStore turns, Duration maxAge, Clock clock) {
        this.channel = channel;
        this.store = store;
        this.turns = turns;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** Stores a part of an answer still being written (a streamed part) before the channel sends it. */
    public void stream(OutgoingMessage part) {
        store.add(channel, part);
        storedNotQueued.add(part.clientId());
    }

    /**
     * Stores the end of an answer: its last parts, the turn it completes ({@code turnId}, 0 for none: it counts as
     * delivered when the last part is sent) and its message's "handled" mark, in one transaction.
     */
    public void finish(IncomingMessage inReplyTo, List<OutgoingMessage> parts, long turnId) {
        store.finish(channel, inReplyTo, parts, turnId);
        parts.forEach(p -> storedNotQueued.add(p.clientId()));
    }

    @Override
    public <P> PartSource<P> open(Codec<P> codec, boolean resendIsSafe) {
        return new DurableParts<>(this, codec, resendIsSafe);
    }

    /**
     * Whether this run sends (or sent) this text to this chat as a part an earlier run left: the transport's echo of
     * it is the bot's own message, not the owner writing by hand.
     */
    public boolean resends(String chatId, String text) {
        return !leftovers.isEmpty() && leftovers.contains(leftoverKey(chatId, text));
    }

    /** An earlier run's part that this one sends. */
    void resending(OutgoingMessage part) {
        leftovers.add(leftoverKey(part.chat().id(), part.text()));
    }

    private static String leftoverKey(String chatId, String text) {
        return chatId + '\u0000' + text.strip();
    }

    String channel() {
        return channel;
    }

    Outbox store() {
        return store;
    }

    Duration maxAge() {
        return maxAge;
    }

    Clock clock() {
        return clock;
    }

    /** Whether the pipeline stored this part already; the first call after the pipeline stored it says so. */
    boolean takeStored(String clientId) {
        return storedNotQueued.remove(clientId);
    }

    /** Forgets the turns whose answers the last run remembered but never queued; returns how many. */
    int forgetUnqueuedTurns() {
        return turns.forgetUndelivered(channel);
    }

    /** The answer this turn holds never reached the user: the conversation forgets it. */
    void forgetTurn(long turnId) {
        if (turnId > 0) {
            turns.forgetTurn(turnId);
        }
    }
}
