package io.cow.wechaty;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class EventSequencerTest {

    @Test
    void aStepStartsOnlyWhenTheOneBeforeItFinishedWhateverOrderTheirWorkCompletes() throws Exception {
        EventSequencer sequencer = new EventSequencer();
        List<String> handled = new CopyOnWriteArrayList<>();
        CompletableFuture<String> firstPayload = new CompletableFuture<>();
        CompletableFuture<String> secondPayload = new CompletableFuture<>();

        CompletableFuture<Void> first = sequencer.then("first", () -> firstPayload.thenAccept(handled::add));
        CompletableFuture<Void> second = sequencer.then("second", () -> secondPayload.thenAccept(handled::add));
        secondPayload.complete("second");
        assertThat(handled).as("the second waits for the first").isEmpty();
        assertThat(second).isNotDone();

        firstPayload.complete("first");

        second.get(20, TimeUnit.SECONDS);
        assertThat(first).isDone();
        assertThat(handled).containsExactly("first", "second");
    }

    @Test
    void aFailedStepIsLoggedAndTheNextOneStillRuns() throws Exception {
        EventSequencer sequencer = new EventSequencer();
        List<String> handled = new CopyOnWriteArrayList<>();

        CompletableFuture<Void> failed = sequencer.then("broken", () -> CompletableFuture.failedFuture(new IllegalStateException("bug")));
        CompletableFuture<Void> thrown = sequencer.then("throwing", () -> {
            throw new IllegalStateException("bug");
        });
        sequencer.then("next", () -> {
            handled.add("next");
            return CompletableFuture.completedFuture(null);
        }).get(20, TimeUnit.SECONDS);

        assertThat(failed).isCompletedWithValue(null);
        assertThat(thrown).isCompletedWithValue(null);
        assertThat(handled).containsExactly("next");
    }
}
