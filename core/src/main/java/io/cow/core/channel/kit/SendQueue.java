package io.cow.core.channel.kit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Sends parts (the texts of replies) lane by lane — a lane is a chat — strictly in order within a lane: a part
 * goes only when the one before it was accepted or refused; lanes send in parallel. {@link Pacing} decides the
 * pauses; the parts wait in a {@link PartSource}. No thread waits for anything: a part is handed to the
 * {@link Courier} on the thread that queued it, on the thread that completed the part before it, or, after a
 * pause, on the {@link SharedTimer}.
 *
 * @param <P> a part, as the courier and the source know it
 */
public final class SendQueue<P> {

    private static final Logger log = LoggerFactory.getLogger(SendQueue.class);

    /** The protocol's send: starts sending one part and returns at once; the future says how it ended. */
    @FunctionalInterface
    public interface Courier<P> {
        CompletableFuture<Void> deliver(String lane, P part);
    }

    private static final class Lane {
        boolean sending;
        CompletableFuture<Void> last;
    }

    private final Courier<P> courier;
    private final Pacing pacing;
    private final PartSource<P> source;
    private final Map<String, Lane> lanes = new HashMap<>();
    /** The callers' futures of parts not finished yet, by part; equal parts of one lane finish in order. */
    private final Map<P, ArrayDeque<CompletableFuture<Void>>> waiting = new HashMap<>();
    private int pending;
    private boolean closing;
    private boolean closed;

    /** A queue whose parts wait in memory. */
    public SendQueue(Courier<P> courier, Pacing pacing) {
        this(courier, pacing, PartSource.inMemory());
    }

    public SendQueue(Courier<P> courier, Pacing pacing, PartSource<P> source) {
        this.courier = courier;
        this.pacing = pacing;
        this.source = source;
    }

    /**
     * Queues a part behind the earlier ones of its lane.
     *
     * @return completes when the courier's send of this part completed, as it completed
     */
    public CompletableFuture<Void> submit(String lane, P part) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (this) {
            if (closing) {
                return CompletableFuture.failedFuture(new IllegalStateException("the channel is closed; not sent to " + lane));
            }
            if (!pacing.admits(pending)) {
                return CompletableFuture.failedFuture(new IllegalStateException(
                        pending + " texts wait to be sent already (governor.queueLimit); not sent to " + lane));
            }
            try {
                source.add(lane, part);
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
            waiting.computeIfAbsent(part, p -> new ArrayDeque<>()).add(done);
            pending++;
            lanes.computeIfAbsent(lane, l -> new Lane()).last = done;
        }
        drain(lane);
        return done;
    }

    /** Sends what the source held before this queue was made (a durable source, after a restart). */
    public void resume() {
        for (String lane : source.lanes()) {
            synchronized (this) {
                lanes.computeIfAbsent(lane, l -> new Lane());
            }
            drain(lane);
        }
    }

    /** Completes when every part queued for the lane so far is finished (pauses after them not included). */
    public synchronized CompletableFuture<Void> whenDone(String lane) {
        Lane l = lanes.get(lane);
        return l == null || l.last == null ? CompletableFuture.completedFuture(null) : l.last.handle((v, e) -> null);
    }

    /** Parts queued and not finished yet. */
    public synchronized int pending() {
        return pending;
    }

    /** Waits until every queued part is finished; false when the time ran out first. */
    public synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pending > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /**
     * Stops taking parts, lets the queued ones go for up to {@code drain}, then fails the callers' futures of what
     * is left. The source keeps those parts (a durable one sends them after the restart).
     *
     * @return true when everything queued was finished in time
     */
    public boolean close(Duration drain) {
        synchronized (this) {
            if (closed) {
                return pending == 0;
            }
            closing = true;
        }
        boolean idle;
        try {
            idle = drain.isZero() ? pending() == 0 : awaitIdle(drain);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            idle = false;
        }
        Map<P, ArrayDeque<CompletableFuture<Void>>> left;
        synchronized (this) {
            closed = true;
            left = new HashMap<>(waiting);
            waiting.clear();
            pending = 0;
            notifyAll();
        }
        SendFailure closedFirst = SendFailure.notSent("the channel closed before the text was sent");
        left.values().forEach(futures -> futures.forEach(f -> f.completeExceptionally(closedFirst)));
        return idle;
    }

    private void drain(String lane) {
        while (true) {
            P part;
            synchronized (this) {
                Lane l = lanes.get(lane);
                if (l == null || l.sending || closed) {
                    return;
                }
                Optional<P> next = source.first(lane);
                if (next.isEmpty()) {
                    lanes.remove(lane);
                    return;
                }
                part = next.get();
                l.sending = true;
            }
            if (mustWait(lane, part)) {
                return;
            }
            CompletableFuture<Void> sent = deliver(lane, part);
            if (!sent.isDone()) {
                sent.whenComplete((v, e) -> {
                    if (finish(lane, part, e)) {
                        drain(lane);
                    }
                });
                return;
            }
            if (!finish(lane, part, sent.handle((v, e) -> e).join())) {
                return;
            }
        }
    }

    /** Asks the pacing; when the part must wait, schedules it to ask again then. */
    private boolean mustWait(String lane, P part) {
        Duration wait = pacing.before(lane, System.nanoTime());
        if (wait.toNanos() <= 0) {
            return false;
        }
        SharedTimer.schedule(wait, () -> sendThenDrain(lane, part));
        return true;
    }

    private void sendThenDrain(String lane, P part) {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        if (mustWait(lane, part)) {
            return;
        }
        deliver(lane, part).whenComplete((v, e) -> {
            if (finish(lane, part, e)) {
                drain(lane);
            }
        });
    }

    private CompletableFuture<Void> deliver(String lane, P part) {
        try {
            CompletableFuture<Void> sent = courier.deliver(lane, part);
            return sent != null ? sent : CompletableFuture.failedFuture(new IllegalStateException("the courier gave no future"));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** @return whether the lane may go on: false when the source kept the part, which was certainly not sent */
    private boolean finish(String lane, P part, Throwable error) {
        Throwable failure = unwrap(error);
        pacing.after(lane, System.nanoTime());
        try {
            source.finished(lane, part, failure);
        } catch (RuntimeException e) {
            log.error("❌ The send queue could not mark a part to {} as done: {}", lane, ChannelFailure.describe(e), e);
        }
        // A source that kept the part would hand it out again at once: the lane waits for resume() instead.
        boolean kept = failure != null && source.first(lane).filter(part::equals).isPresent();
        CompletableFuture<Void> done = null;
        synchronized (this) {
            Lane l = lanes.get(lane);
            if (l != null) {
                l.sending = false;
                if (kept) {
                    lanes.remove(lane);
                }
            }
            ArrayDeque<CompletableFuture<Void>> futures = waiting.get(part);
            if (futures != null) {
                done = futures.poll();
                if (futures.isEmpty()) {
                    waiting.remove(part);
                }
            }
        }
        if (done == null) {
            if (failure != null && !kept) {
                log.warn("⚠️ A text queued to {} before the restart could not be sent: {}", lane, ChannelFailure.describe(failure));
            }
            return !kept;
        }
        if (failure == null) {
            done.complete(null);
        } else {
            done.completeExceptionally(failure);
        }
        // Counted down after the caller's future completed: idle means every caller has heard how its part ended.
        synchronized (this) {
            if (!closed) {
                pending--;
                notifyAll();
            }
        }
        return !kept;
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
