package io.cow.core.channel.kit;

import java.util.Collection;
import java.util.Optional;

/**
 * Where the parts a {@link SendQueue} sends wait, lane by lane (a lane is a chat), oldest first. The queue
 * holds no parts itself: it adds each part here, takes a lane's first part when the lane may send, and reports it
 * finished. {@link #inMemory()} is the default; a durable source (a table) writes a part down before {@link #add}
 * returns and keeps it until {@link #finished}, so that parts still waiting when the bot stopped are sent after
 * the restart ({@link SendQueue#resume}). Implementations are thread-safe.
 *
 * @param <P> a part: a value with {@code equals}, e.g. a record
 */
public interface PartSource<P> {

    /** Keeps a part at the end of its lane. */
    void add(String lane, P part);

    /** The lane's oldest part not finished yet. */
    Optional<P> first(String lane);

    /**
     * The channel is about to hand the part to the transport (called by its courier before each attempt, after any
     * wait for a login): from now on the part may reach the user even if the attempt seems to fail, which a durable
     * source remembers, so that after a crash it does not send again what may have arrived.
     */
    default void sending(P part) {
    }

    /**
     * The lane's first part is done with: sent, or given up ({@code failure} says why). The source drops it; the
     * queue then takes the lane's next one. A durable source may keep a part that was certainly not sent
     * ({@link SendFailure.Kind#NOT_SENT}) for the next start; the queue then stops sending that lane until
     * {@link SendQueue#resume()}.
     */
    void finished(String lane, P part, Throwable failure);

    /** The lanes with parts waiting. */
    Collection<String> lanes();

    /** Parts in memory: lost when the process ends. */
    static <P> PartSource<P> inMemory() {
        return new MemoryPartSource<>();
    }
}
