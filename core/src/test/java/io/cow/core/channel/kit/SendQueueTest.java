package io.cow.core.channel.kit;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SendQueueTest {

    private static final long WAIT_SECONDS = 20;

    /** A send the courier started; the test completes it. */
    private record Started(String lane, String part, long atNanos, CompletableFuture<Void> result) {
    }

    /** A courier whose sends the test completes by hand, in any order. */
    private static final class ManualCourier implements SendQueue.Courier<String> {
        final LinkedBlockingQueue<Started> started = new LinkedBlockingQueue<>();

        @Override
        public CompletableFuture<Void> deliver(String lane, String part) {
            CompletableFuture<Void> result = new CompletableFuture<>();
            started.add(new Started(lane, part, System.nanoTime(), result));
            return result;
        }

        Started next() throws InterruptedException {
            Started s = started.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(s).as("a send started").isNotNull();
            return s;
        }
    }

    @Test
    void aPartGoesOnlyAfterTheOneBeforeItInItsLaneWhileLanesSendInParallel() throws Exception {
        ManualCourier courier = new ManualCourier();
        SendQueue<String> queue = new SendQueue<>(courier, Pacing.NONE);

        CompletableFuture<Void> a1 = queue.submit("a", "a1");
        CompletableFuture<Void> a2 = queue.submit("a", "a2");
        queue.submit("b", "b1");

        Started first = courier.next();
        Started second = courier.next();
        assertThat(List.of(first.part(), second.part())).containsExactlyInAnyOrder("a1", "b1");
        assertThat(courier.started).as("a2 waits for a1").isEmpty();

        Started sentA1 = first.part().equals("a1") ? first : second;
        sentA1.result().complete(null);
        assertThat(a1).isCompleted();
        Started third = courier.next();
        assertThat(third.part()).isEqualTo("a2");
        assertThat(a2).isNotDone();
        third.result().complete(null);
        assertThat(a2.get(WAIT_SECONDS, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void manyPartsKeepTheirOrderPerLaneWhateverOrderTheSendsComplete() throws Exception {
        Map<String, List<String>> sent = new ConcurrentHashMap<>();
        SendQueue<String> queue = new SendQueue<>((lane, part) -> CompletableFuture.runAsync(() ->
                sent.computeIfAbsent(lane, l -> new CopyOnWriteArrayList<>()).add(part)), Pacing.NONE);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            for (String lane : List.of("x", "y", "z")) {
                all.add(queue.submit(lane, lane + i));
            }
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(WAIT_SECONDS, TimeUnit.SECONDS);

        for (String lane : List.of("x", "y", "z")) {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                expected.add(lane + i);
            }
            assertThat(sent.get(lane)).isEqualTo(expected);
        }
        // A part is counted done only after its caller's future completed, so the count may lag that future a little.
        assertThat(queue.awaitIdle(Duration.ofSeconds(WAIT_SECONDS))).isTrue();
        assertThat(queue.pending()).isZero();
    }

    @Test
    void sendsThatCompleteAtOnceDoNotGrowTheStack() throws Exception {
        // Parts queued while the lane is busy: the send that frees it sends all of them, in a loop, not by recursion.
        CompletableFuture<Void> gate = new CompletableFuture<>();
        List<String> sent = new CopyOnWriteArrayList<>();
        SendQueue<String> queue = new SendQueue<>((lane, part) -> {
            sent.add(part);
            return part.equals("first") ? gate : CompletableFuture.completedFuture(null);
        }, Pacing.NONE);
        queue.submit("l", "first");
        CompletableFuture<Void> last = null;
        for (int i = 0; i < 50_000; i++) {
            last = queue.submit("l", "p" + i);
        }
        gate.complete(null);

        last.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(sent).hasSize(50_001).endsWith("p49999");
    }

    @Test
    void aFailedPartFailsItsOwnFutureAndTheNextStillGoes() throws Exception {
        SendQueue<String> queue = new SendQueue<>((lane, part) -> {
            if (part.equals("bad")) {
                throw new IllegalArgumentException("refused by the service");
            }
            return part.equals("worse") ? CompletableFuture.failedFuture(new IllegalStateException("gone")) : CompletableFuture.completedFuture(null);
        }, Pacing.NONE);

        CompletableFuture<Void> bad = queue.submit("l", "bad");
        CompletableFuture<Void> worse = queue.submit("l", "worse");
        CompletableFuture<Void> good = queue.submit("l", "good");

        good.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThatThrownBy(bad::get).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(worse::get).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void perChatPacingPausesBetweenPartsOfAChatButNotBetweenChats() throws Exception {
        ManualCourier courier = new ManualCourier();
        Duration pause = Duration.ofMillis(300);
        SendQueue<String> queue = new SendQueue<>((lane, part) -> {
            CompletableFuture<Void> r = courier.deliver(lane, part);
            r.complete(null);
            return r;
        }, Pacing.perChat(pause));

        long before = System.nanoTime();
        queue.submit("a", "a1");
        queue.submit("a", "a2");
        queue.submit("a", "a3");
        CompletableFuture<Void> b1 = queue.submit("b", "b1");
        b1.get(WAIT_SECONDS, TimeUnit.SECONDS);
        queue.whenDone("a").get(WAIT_SECONDS, TimeUnit.SECONDS);

        List<Started> starts = new ArrayList<>(courier.started);
        Map<String, Long> at = new ConcurrentHashMap<>();
        starts.forEach(s -> at.put(s.part(), s.atNanos()));
        assertThat(starts).extracting(Started::part).containsSubsequence("a1", "a2", "a3");
        assertThat(at.get("a2") - at.get("a1")).isGreaterThanOrEqualTo(pause.toNanos());
        assertThat(at.get("a3") - at.get("a2")).isGreaterThanOrEqualTo(pause.toNanos());
        assertThat(at.get("b1") - before).as("another chat does not wait for a's pauses").isLessThan(at.get("a3") - before);
    }

    @Test
    void perAccountPacingSpacesEveryTwoSendsWhateverTheirChats() throws Exception {
        ManualCourier courier = new ManualCourier();
        Duration interval = Duration.ofMillis(200);
        SendQueue<String> queue = new SendQueue<>((lane, part) -> {
            CompletableFuture<Void> r = courier.deliver(lane, part);
            r.complete(null);
            return r;
        }, Pacing.perAccount(interval));

        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (String lane : List.of("a", "b", "c", "d")) {
            all.add(queue.submit(lane, lane));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(WAIT_SECONDS, TimeUnit.SECONDS);

        List<Long> starts = courier.started.stream().map(Started::atNanos).sorted().toList();
        assertThat(starts).hasSize(4);
        for (int i = 1; i < starts.size(); i++) {
            // A little slack: the start is stamped in the courier, a moment after the pacing let the part go.
            assertThat(starts.get(i) - starts.get(i - 1)).isGreaterThanOrEqualTo(interval.toNanos() - Duration.ofMillis(50).toNanos());
        }
    }

    @Test
    void whenDoneWaitsForEveryPartQueuedSoFar() throws Exception {
        ManualCourier courier = new ManualCourier();
        SendQueue<String> queue = new SendQueue<>(courier, Pacing.NONE);
        assertThat(queue.whenDone("l")).isCompleted();

        queue.submit("l", "one");
        queue.submit("l", "two");
        CompletableFuture<Void> done = queue.whenDone("l");
        courier.next().result().complete(null);
        assertThat(done).isNotDone();
        courier.next().result().completeExceptionally(new IllegalStateException("refused"));
        assertThat(done.get(WAIT_SECONDS, TimeUnit.SECONDS)).as("done, also when a part failed").isNull();
    }

    @Test
    void closingFailsWhatIsLeftButTheSourceKeepsItForTheNextStart() throws Exception {
        PartSource<String> source = PartSource.inMemory();
        ManualCourier courier = new ManualCourier();
        SendQueue<String> queue = new SendQueue<>(courier, Pacing.NONE, source);
        CompletableFuture<Void> sending = queue.submit("l", "one");
        CompletableFuture<Void> waiting = queue.submit("l", "two");
        courier.next();

        assertThat(queue.close(Duration.ofMillis(50))).isFalse();

        assertThatThrownBy(waiting::get).hasCauseInstanceOf(SendFailure.class)
                .satisfies(e -> assertThat(SendFailure.kindOf(e)).contains(SendFailure.Kind.NOT_SENT));
        assertThatThrownBy(sending::get).hasMessageContaining("closed before the text was sent");
        assertThatThrownBy(() -> queue.submit("l", "three").get()).hasMessageContaining("closed");
        assertThat(source.lanes()).containsExactly("l");

        ManualCourier after = new ManualCourier();
        SendQueue<String> restarted = new SendQueue<>(after, Pacing.NONE, source);
        restarted.resume();
        Started resent = after.next();
        assertThat(resent.part()).isEqualTo("one");
        resent.result().complete(null);
        assertThat(after.next().part()).isEqualTo("two");
    }

    @Test
    void closeWaitsForQueuedPartsUpToTheDrainTime() throws Exception {
        ManualCourier courier = new ManualCourier();
        SendQueue<String> queue = new SendQueue<>(courier, Pacing.NONE);
        CompletableFuture<Void> part = queue.submit("l", "one");
        Started started = courier.next();
        CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS).execute(() -> started.result().complete(null));

        assertThat(queue.close(Duration.ofSeconds(WAIT_SECONDS))).isTrue();
        assertThat(part).isCompleted();
    }

    @Test
    void aDurableSourceIsAskedForEachPartAndToldHowItEnded() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        PartSource<String> memory = PartSource.inMemory();
        PartSource<String> recording = new PartSource<>() {
            @Override
            public void add(String lane, String part) {
                events.add("add " + part);
                memory.add(lane, part);
            }

            @Override
            public Optional<String> first(String lane) {
                return memory.first(lane);
            }

            @Override
            public void finished(String lane, String part, Throwable failure) {
                events.add((failure == null ? "sent " : "failed ") + part);
                memory.finished(lane, part, failure);
            }

            @Override
            public Collection<String> lanes() {
                return memory.lanes();
            }
        };
        SendQueue<String> queue = new SendQueue<>((lane, part) -> part.equals("no")
                ? CompletableFuture.failedFuture(new IllegalStateException("no")) : CompletableFuture.completedFuture(null),
                Pacing.NONE, recording);

        queue.submit("l", "yes").get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThatThrownBy(() -> queue.submit("l", "no").get(WAIT_SECONDS, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);

        assertThat(events).containsExactly("add yes", "sent yes", "add no", "failed no");
        assertThat(memory.lanes()).isEmpty();
    }

    @Test
    void aPartTheSourceKeepsAsNotSentStopsItsLaneUntilResume() throws Exception {
        List<String> tried = new CopyOnWriteArrayList<>();
        boolean[] up = {false};
        PartSource<String> keeping = new PartSource<>() {
            private final PartSource<String> memory = PartSource.inMemory();

            @Override
            public void add(String lane, String part) {
                memory.add(lane, part);
            }

            @Override
            public Optional<String> first(String lane) {
                return memory.first(lane);
            }

            @Override
            public void finished(String lane, String part, Throwable failure) {
                if (!SendFailure.kindOf(failure == null ? new RuntimeException() : failure).isPresent()) {
                    memory.finished(lane, part, failure);
                }
            }

            @Override
            public Collection<String> lanes() {
                return memory.lanes();
            }
        };
        SendQueue<String> queue = new SendQueue<>((lane, part) -> {
            tried.add(part);
            return up[0] ? CompletableFuture.completedFuture(null) : CompletableFuture.failedFuture(SendFailure.notSent("not logged in"));
        }, Pacing.NONE, keeping);

        assertThatThrownBy(() -> queue.submit("l", "one").get(WAIT_SECONDS, TimeUnit.SECONDS)).hasCauseInstanceOf(SendFailure.class);
        assertThat(tried).as("tried once, not again and again").containsExactly("one");

        up[0] = true;
        queue.resume();
        assertThat(queue.awaitIdle(Duration.ofSeconds(WAIT_SECONDS))).isTrue();
        assertThat(tried).containsExactly("one", "one");
        assertThat(keeping.lanes()).isEmpty();
    }
}
