package io.cow.app.monitor;

import io.cow.core.model.Answer;
import io.cow.core.model.Answerer;
import io.cow.core.model.ModelCallException;
import dev.langchain4j.data.message.ChatMessage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Times every model call: how long it took, when the first piece of a streamed answer arrived, and whether it
 * failed. The latest calls are kept for the console's figures; listeners (the metrics) get each call as it ends.
 */
public final class ModelWatch {

    private static final int KEPT = 2_000;

    /**
     * One model call.
     *
     * @param latencyNanos    from the request to the whole answer (or the failure)
     * @param firstPieceNanos from the request to the first streamed piece; -1 when nothing was streamed
     * @param status          for a failure, the HTTP status (0 when there was none); -1 for success
     */
    public record Call(Instant at, long latencyNanos, long firstPieceNanos, boolean ok, int status) {
    }

    /** Gets each call as it ends. */
    public interface Listener {
        void called(Call call);
    }

    /**
     * Figures over the calls of a window.
     *
     * @param calls      calls that ended in the window
     * @param failures   of those, failed ones
     * @param p50Millis  median latency, or -1 without calls
     * @param p95Millis  95th percentile latency, or -1
     * @param firstPieceP50Millis median time to the first streamed piece, or -1 when none streamed
     * @param firstPieceP95Millis its 95th percentile, or -1
     */
    public record Figures(int calls, int failures, long p50Millis, long p95Millis, long firstPieceP50Millis,
                          long firstPieceP95Millis) {
    }

    private final Clock clock;
    private final Call[] ring = new Call[KEPT];
    private int next;
    private int size;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public ModelWatch(Clock clock) {
        this.clock = clock;
    }

    public void listen(Listener listener) {
        listeners.add(listener);
    }

    /** The model, timed, whether it is asked and waited for or asked asynchronously. */
    public Answerer watch(Answerer model) {
        return new Answerer() {
            @Override
            public Answer answer(List<ChatMessage> messages, Consumer<String> onPartial) throws ModelCallException {
                Timing timing = new Timing();
                try {
                    Answer answer = model.answer(messages, timing.watching(onPartial));
                    timing.ended(null);
                    return answer;
                } catch (ModelCallException | RuntimeException e) {
                    timing.ended(e);
                    throw e;
                }
            }

            @Override
            public CompletableFuture<Answer> ask(List<ChatMessage> messages, Consumer<String> onPartial) {
                Timing timing = new Timing();
                CompletableFuture<Answer> answer;
                try {
                    answer = model.ask(messages, timing.watching(onPartial));
                } catch (RuntimeException e) {
                    timing.ended(e);
                    throw e;
                }
                return answer.whenComplete((ok, error) -> timing.ended(error));
            }
        };
    }

    /** One call being timed. */
    private final class Timing {
        private final long start = System.nanoTime();
        private volatile long firstPiece = -1;

        Consumer<String> watching(Consumer<String> onPartial) {
            return piece -> {
                if (firstPiece < 0) {
                    firstPiece = System.nanoTime() - start;
                }
                onPartial.accept(piece);
            };
        }

        void ended(Throwable error) {
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            int status = cause == null ? -1 : cause instanceof ModelCallException e ? e.statusCode() : 0;
            record(new Call(clock.instant(), System.nanoTime() - start, firstPiece, cause == null, status));
        }
    }

    private void record(Call call) {
        synchronized (ring) {
            ring[next] = call;
            next = (next + 1) % KEPT;
            size = Math.min(size + 1, KEPT);
        }
        for (Listener listener : listeners) {
            listener.called(call);
        }
    }

    /** Figures over the kept calls that ended within the window before now. */
    public Figures figures(Duration window) {
        Instant since = clock.instant().minus(window);
        List<Call> calls = new ArrayList<>();
        synchronized (ring) {
            for (int i = 0; i < size; i++) {
                Call call = ring[i];
                if (!call.at().isBefore(since)) {
                    calls.add(call);
                }
            }
        }
        long[] latencies = calls.stream().mapToLong(Call::latencyNanos).sorted().toArray();
        long[] firstPieces = calls.stream().mapToLong(Call::firstPieceNanos).filter(n -> n >= 0).sorted().toArray();
        int failures = (int) calls.stream().filter(c -> !c.ok()).count();
        return new Figures(calls.size(), failures, millis(percentile(latencies, 50)), millis(percentile(latencies, 95)),
                millis(percentile(firstPieces, 50)), millis(percentile(firstPieces, 95)));
    }

    /** The nearest-rank percentile of sorted values, or -1 when there are none. */
    static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }

    private static long millis(long nanos) {
        return nanos < 0 ? -1 : Duration.ofNanos(nanos).toMillis();
    }
}
