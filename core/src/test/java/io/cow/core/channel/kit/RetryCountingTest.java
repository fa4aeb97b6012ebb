package io.cow.core.channel.kit;

import io.cow.core.message.Chat;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.OutgoingMessage;
import io.cow.core.message.Sender;
import io.cow.core.outbox.DurableOutbox;
import io.cow.core.store.InMemoryConversationStore;
import io.cow.core.store.InMemoryOutbox;
import io.cow.core.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Retried sends are counted where every courier reports its attempts: at the part source. */
class RetryCountingTest {

    private static final Instant NOW = Instant.parse("2026-12-08T08:00:00Z");
    private static final PartSources.Codec<OutgoingMessage> TEXTS = PartSources.Codec.texts(m -> m.chat().key());

    private final AtomicInteger retried = new AtomicInteger();
    private final AtomicInteger delivered = new AtomicInteger();

    private static OutgoingMessage part(String text) {
        IncomingMessage asked = IncomingMessage.text("web", "q-" + text, Chat.privateChat("@alice", "Alice"),
                Sender.person("@alice", "Alice"), "question").createdAt(NOW).build();
        return new OutgoingMessage(asked.chat(), text, List.of(), asked);
    }

    @Test
    void aPartTheTransportTakesOnlyAtTheSecondAttemptCountsOneRetry() throws Exception {
        PartSource<OutgoingMessage> parts = new RetryCounting(PartSources.IN_MEMORY, retried::incrementAndGet).open(TEXTS, false);
        SendQueue<OutgoingMessage> queue = new SendQueue<>((lane, m) -> {
            parts.sending(m);
            if (m.text().equals("refused once")) {
                parts.sending(m); // the transport's own retry, as after a 1205
            }
            delivered.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        }, Pacing.NONE, parts);

        queue.submit("alice", part("refused once")).get();
        queue.submit("alice", part("taken at once")).get();

        assertThat(delivered).hasValue(2);
        assertThat(retried).hasValue(1);
    }

    @Test
    void aPartKeptForTheNextLoginIsRetriedWhenTheQueueResumes() {
        MutableClock clock = new MutableClock(NOW);
        DurableOutbox outbox = new DurableOutbox("web", new InMemoryOutbox(clock), new InMemoryConversationStore(),
                Duration.ofMinutes(10), clock);
        PartSource<OutgoingMessage> parts = new RetryCounting(outbox, retried::incrementAndGet).open(TEXTS, false);
        AtomicInteger attempts = new AtomicInteger();
        SendQueue<OutgoingMessage> queue = new SendQueue<>((lane, m) -> {
            parts.sending(m);
            if (attempts.incrementAndGet() == 1) {
                return CompletableFuture.failedFuture(SendFailure.notSent("logged out; waits for the next login"));
            }
            delivered.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        }, Pacing.NONE, parts);

        // The courier answers at once, so the queue sends on this thread: no waiting.
        queue.submit("alice", part("after the login"));
        assertThat(attempts).hasValue(1);
        assertThat(retried).as("one attempt so far").hasValue(0);
        queue.resume();

        assertThat(delivered).as("sent after the resume").hasValue(1);
        assertThat(retried).hasValue(1);
    }
}
