package io.cow.core.outbox;

import io.cow.core.channel.kit.PartSource;
import io.cow.core.channel.kit.PartSources;
import io.cow.core.channel.kit.SendFailure;
import io.cow.core.message.OutgoingMessage;
import io.cow.core.store.LeaseLostException;
import io.cow.core.store.Outbox;
import io.cow.core.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A send queue's parts in the durable outbox: the lanes are kept in memory for speed and the store holds every kept
 * part until it is sent or given up. At creation it takes up what an earlier run left: parts older than
 * {@code outbox.maxAge} are given up, and so is a part whose send had begun when the bot stopped, unless the service
 * dedupes a resend on the part's client id. A part that could not be stored (the store fails) is still sent, from
 * memory.
 */
final class DurableParts<P> implements PartSource<P> {

    private static final Logger log = LoggerFactory.getLogger(DurableParts.class);

    private final DurableOutbox outbox;
    private final Outbox store;
    private final PartSources.Codec<P> codec;
    private final Map<String, ArrayDeque<P>> lanes = new HashMap<>();

    DurableParts(DurableOutbox outbox, PartSources.Codec<P> codec, boolean resendIsSafe) {
        this.outbox = outbox;
        this.store = outbox.store();
        this.codec = codec;
        takeUp(resendIsSafe);
    }

    private void takeUp(boolean resendIsSafe) {
        List<Outbox.Waiting> waiting;
        try {
            waiting = store.waiting(outbox.channel());
        } catch (StoreException e) {
            log.error("❌ Could not read the replies {} left unsent at the last stop: {}", outbox.channel(), e.getMessage(), e);
            return;
        }
        Instant tooOld = outbox.clock().instant().minus(outbox.maxAge());
        int kept = 0;
        int old = 0;
        int possiblyDelivered = 0;
        for (Outbox.Waiting w : waiting) {
            if (w.queuedAt().isBefore(tooOld)) {
                old++;
                giveUp(w.part());
            } else if (w.attempted() && !resendIsSafe) {
                possiblyDelivered++;
                giveUp(w.part());
            } else {
                kept++;
                outbox.resending(w.part());
                lanes.computeIfAbsent(codec.lane(w.part()), l -> new ArrayDeque<>()).add(codec.part(w.part()));
            }
        }
        forgetUnqueuedTurns();
        if (kept > 0) {
            log.info("📤 {}: {} reply part(s) queued before the restart are sent", outbox.channel(), kept);
        }
        if (old > 0) {
            log.warn("⚠️ {}: dropped {} reply part(s) that waited longer than {} (outbox.maxAge)", outbox.channel(), old,
                    outbox.maxAge());
        }
        if (possiblyDelivered > 0) {
            log.warn("⚠️ {}: {} reply part(s) were being sent when the bot stopped and are not sent again: they were possibly "
                    + "delivered, and this service cannot tell a repeat", outbox.channel(), possiblyDelivered);
        }
    }

    @Override
    public void add(String lane, P part) {
        Optional<OutgoingMessage> message = codec.message(part);
        if (message.isPresent() && !outbox.takeStored(message.get().clientId())) {
            try {
                store.add(outbox.channel(), message.get());
            } catch (LeaseLostException e) {
                throw notOurs(e);
            } catch (StoreException e) {
                log.error("❌ Could not store a reply to {} before sending it ({}); it is sent from memory only", lane, e.getMessage());
            }
        }
        synchronized (this) {
            lanes.computeIfAbsent(lane, l -> new ArrayDeque<>()).add(part);
        }
    }

    @Override
    public synchronized Optional<P> first(String lane) {
        ArrayDeque<P> parts = lanes.get(lane);
        return parts == null ? Optional.empty() : Optional.ofNullable(parts.peek());
    }

    @Override
    public void sending(P part) {
        codec.message(part).ifPresent(m -> {
            try {
                store.attempted(outbox.channel(), m.clientId());
            } catch (LeaseLostException e) {
                throw notOurs(e);
            } catch (StoreException e) {
                log.debug("Could not note a send attempt: {}", e.getMessage());
            }
        });
    }

    @Override
    public void finished(String lane, P part, Throwable failure) {
        Optional<SendFailure.Kind> kind = failure == null ? Optional.empty() : SendFailure.kindOf(failure);
        if (kind.filter(k -> k == SendFailure.Kind.NOT_SENT).isPresent()) {
            return;
        }
        Optional<OutgoingMessage> message = codec.message(part);
        if (message.isPresent()) {
            try {
                if (failure == null) {
                    store.sent(outbox.channel(), message.get().clientId());
                } else {
                    outbox.forgetTurn(store.givenUp(outbox.channel(), message.get().clientId()));
                }
            } catch (StoreException e) {
                log.error("❌ Could not record that a reply to {} was {}: {}", lane, failure == null ? "sent" : "given up", e.getMessage());
            }
            if (kind.isPresent()) {
                log.warn("⚠️ A reply to {} was possibly delivered ({}); it is not sent again, so nobody gets it twice", lane,
                        failure.getMessage());
            }
        }
        synchronized (this) {
            ArrayDeque<P> parts = lanes.get(lane);
            if (parts != null && parts.remove(part) && parts.isEmpty()) {
                lanes.remove(lane);
            }
        }
    }

    /** After the parts given up above: a turn of this channel still undelivered now has no part left to send. */
    private void forgetUnqueuedTurns() {
        try {
            int forgotten = outbox.forgetUnqueuedTurns();
            if (forgotten > 0) {
                log.info("🧠 {}: forgot {} answer(s) the last run remembered but never sent", outbox.channel(), forgotten);
            }
        } catch (StoreException e) {
            log.error("❌ Could not forget the answers {} never sent: {}", outbox.channel(), e.getMessage());
        }
    }

    private void giveUp(OutgoingMessage part) {
        try {
            outbox.forgetTurn(store.givenUp(outbox.channel(), part.clientId()));
        } catch (StoreException e) {
            log.error("❌ Could not drop a reply left from the last run: {}", e.getMessage());
        }
    }

    /**
     * Another cluster worker holds the channel now: the part is not sent from here (the new holder sends what the
     * outbox holds), and it stays where it is.
     */
    private SendFailure notOurs(LeaseLostException e) {
        return SendFailure.notSent("this worker no longer runs " + outbox.channel() + " (" + e.getMessage() + ")");
    }

    @Override
    public synchronized Collection<String> lanes() {
        return List.copyOf(lanes.keySet());
    }
}
