package io.cow.core.outbox;

import io.cow.core.channel.kit.Pacing;
import io.cow.core.channel.kit.PartSource;
import io.cow.core.channel.kit.PartSources;
import io.cow.core.channel.kit.SendFailure;
import io.cow.core.channel.kit.SendQueue;
import io.cow.core.message.Chat;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.OutgoingMessage;
import io.cow.core.message.Sender;
import io.cow.core.store.ConversationKey;
import io.cow.core.store.InMemoryConversationStore;
import io.cow.core.store.InMemoryOutbox;
import io.cow.core.store.LeaseLostException;
import io.cow.core.store.Outbox;
import io.cow.core.store.Turn;
import io.cow.core.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The durable outbox as a send queue's source: what is stored, sent, kept and given up, also across a restart. */
class DurableOutboxTest {

    private static final Instant NOW = Instant.parse("2026-11-24T08:00:00Z");
    private static final PartSources.Codec<OutgoingMessage> TEXTS = PartSources.Codec.texts(m -> m.chat().key());
    private static final ConversationKey ALICE = new ConversationKey("web", "alice", "");

    private final MutableClock clock = new MutableClock(NOW);
    private final Outbox store = new InMemoryOutbox(clock);
    private final InMemoryConversationStore turns = new InMemoryConversationStore();
    private final List<String> delivered = new CopyOnWriteArrayList<>();

    private DurableOutbox outbox() {
        return new DurableOutbox("web", store, turns, Duration.ofMinutes(10), clock);
    }

    private static IncomingMessage question(String id) {
        return IncomingMessage.text("web", id, Chat.privateChat("@alice", "Alice"), Sender.person("@alice", "Alice"), "q " + id)
                .createdAt(NOW).build();
    }

    private static OutgoingMessage part(IncomingMessage to, String text) {
        return new OutgoingMessage(new Chat(to.chat().id(), "alice", to.chat().kind(), "Alice"), text, List.of(), to);
    }

    private SendQueue<OutgoingMessage> queue(PartSource<OutgoingMessage> parts, Function<OutgoingMessage, CompletableFuture<Void>> courier) {
        return new SendQueue<>((lane, m) -> {
            parts.sending(m);
            return courier.apply(m);
        }, Pacing.NONE, parts);
    }

    private CompletableFuture<Void> deliver(OutgoingMessage m) {
        delivered.add(m.text());
        return CompletableFuture.completedFuture(null);
    }

    private List<String> waiting() {
        return store.waiting("web").stream().map(w -> w.part().text()).toList();
    }

    @Test
    void theEndOfAnAnswerIsStoredOnceAndRemovedWhenSent() throws Exception {
        DurableOutbox outbox = outbox();
        PartSource<OutgoingMessage> parts = outbox.open(TEXTS, false);
        IncomingMessage q = question("1");
        OutgoingMessage a = part(q, "part 1");
        OutgoingMessage b = part(q, "part 2");
        outbox.finish(q, List.of(a, b), 0);
        assertThat(waiting()).containsExactly("part 1", "part 2");

        CompletableFuture<Void> held = new CompletableFuture<>();
        SendQueue<OutgoingMessage> queue = queue(parts, m -> m == b ? held : deliver(m));
        queue.submit("alice", a);
        queue.submit("alice", b);
        assertThat(waiting()).as("queuing what the answer stored stores nothing again").containsExactly("part 2");
        held.complete(null);
        assertThat(queue.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(waiting()).isEmpty();
    }

    @Test
    void afterARestartWhatWaitedIsSentInOrderUnlessTooOldOrPossiblyDelivered() throws Exception {
        Turn old = turns.appendUndelivered(ALICE, Turn.of("q old", "old", NOW));
        Turn interrupted = turns.appendUndelivered(ALICE, Turn.of("q 2", "being sent at the stop", NOW));
        DurableOutbox before = outbox();
        clock.advance(Duration.ofMinutes(-11));
        before.finish(question("old"), List.of(part(question("old"), "too old")), old.id());
        clock.advance(Duration.ofMinutes(11));
        IncomingMessage q2 = question("2");
        OutgoingMessage beingSent = part(q2, "being sent at the stop");
        before.finish(q2, List.of(beingSent), interrupted.id());
        store.attempted("web", beingSent.clientId());
        IncomingMessage q3 = question("3");
        before.finish(q3, List.of(part(q3, "waiting 1"), part(q3, "waiting 2")), 0);

        PartSource<OutgoingMessage> parts = outbox().open(TEXTS, false);
        SendQueue<OutgoingMessage> queue = queue(parts, this::deliver);
        queue.resume();
        awaitDelivered(2);

        assertThat(delivered).containsExactly("waiting 1", "waiting 2");
        assertThat(waiting()).isEmpty();
        assertThat(turns.newestTurns(ALICE, Long.MAX_VALUE, 10)).as("turns of answers never delivered are forgotten").isEmpty();
    }

    @Test
    void whereTheServiceDedupesAPartWhoseSendHadBegunIsSentAgainUnderItsClientId() throws Exception {
        IncomingMessage q = question("1");
        OutgoingMessage beingSent = part(q, "being sent at the stop");
        outbox().finish(q, List.of(beingSent), 0);
        store.attempted("web", beingSent.clientId());

        List<String> clientIds = new CopyOnWriteArrayList<>();
        PartSource<OutgoingMessage> parts = outbox().open(TEXTS, true);
        SendQueue<OutgoingMessage> queue = queue(parts, m -> {
            clientIds.add(m.clientId());
            return deliver(m);
        });
        queue.resume();
        awaitDelivered(1);
        assertThat(clientIds).containsExactly(beingSent.clientId());
    }

    @Test
    void aPartCertainlyNotSentIsKeptAndItsLaneWaitsForTheResume() throws Exception {
        DurableOutbox outbox = outbox();
        PartSource<OutgoingMessage> parts = outbox.open(TEXTS, false);
        IncomingMessage q = question("1");
        OutgoingMessage a = part(q, "a");
        OutgoingMessage b = part(q, "b");
        outbox.finish(q, List.of(a, b), 0);
        boolean[] loggedIn = {false};
        SendQueue<OutgoingMessage> queue = queue(parts, m -> loggedIn[0] ? deliver(m)
                : CompletableFuture.failedFuture(SendFailure.notSent("not logged in")));

        assertThat(queue.submit("alice", a)).failsWithin(Duration.ofSeconds(10));
        queue.submit("alice", b);
        assertThat(delivered).isEmpty();
        assertThat(waiting()).containsExactly("a", "b");

        loggedIn[0] = true;
        queue.resume();
        awaitDelivered(2);
        assertThat(delivered).containsExactly("a", "b");
        assertThat(waiting()).isEmpty();
    }

    @Test
    void aPartPossiblyDeliveredIsNotSentAgainAndItsTurnIsForgotten() throws Exception {
        Turn turn = turns.appendUndelivered(ALICE, Turn.of("q", "answer", NOW));
        DurableOutbox outbox = outbox();
        PartSource<OutgoingMessage> parts = outbox.open(TEXTS, false);
        IncomingMessage q = question("1");
        OutgoingMessage a = part(q, "answer");
        outbox.finish(q, List.of(a), turn.id());
        int[] attempts = {0};
        SendQueue<OutgoingMessage> queue = queue(parts, m -> {
            attempts[0]++;
            return CompletableFuture.failedFuture(SendFailure.possiblyDelivered("502 from a gateway", null));
        });
        assertThat(queue.submit("alice", a)).failsWithin(Duration.ofSeconds(10));
        assertThat(queue.awaitIdle(Duration.ofSeconds(10))).isTrue();

        assertThat(attempts[0]).isEqualTo(1);
        assertThat(waiting()).isEmpty();
        assertThat(turns.newestTurns(ALICE, Long.MAX_VALUE, 10)).isEmpty();
    }

    @Test
    void aClusterWorkerThatLostTheChannelsLeaseSendsNothingAndLeavesThePartToTheNewHolder() throws Exception {
        boolean[] leaseLost = {false};
        Outbox memory = new InMemoryOutbox(clock);
        // a cluster worker's store: its writes for the channel are refused once another worker took the lease
        Outbox fenced = new Outbox() {
            @Override
            public void add(String channel, OutgoingMessage part) {
                memory.add(channel, part);
            }

            @Override
            public List<OutgoingMessage> finish(String channel, IncomingMessage inReplyTo, List<OutgoingMessage> parts, long turnId) {
                return memory.finish(channel, inReplyTo, parts, turnId);
            }

            @Override
            public void attempted(String channel, String clientId) {
                if (leaseLost[0]) {
                    throw new LeaseLostException(channel, "its lease was taken by another worker");
                }
                memory.attempted(channel, clientId);
            }

            @Override
            public void sent(String channel, String clientId) {
                memory.sent(channel, clientId);
            }

            @Override
            public long givenUp(String channel, String clientId) {
                return memory.givenUp(channel, clientId);
            }

            @Override
            public List<Waiting> waiting(String channel) {
                return memory.waiting(channel);
            }
        };
        DurableOutbox outbox = new DurableOutbox("web", fenced, turns, Duration.ofMinutes(10), clock);
        PartSource<OutgoingMessage> parts = outbox.open(TEXTS, false);
        IncomingMessage q = question("1");
        OutgoingMessage a = part(q, "a");
        outbox.finish(q, List.of(a), 0);
        SendQueue<OutgoingMessage> queue = queue(parts, this::deliver);

        leaseLost[0] = true;
        CompletableFuture<Void> sent = queue.submit("alice", a);

        assertThat(sent).failsWithin(Duration.ofSeconds(10)).withThrowableThat()
                .satisfies(e -> assertThat(SendFailure.kindOf(e)).contains(SendFailure.Kind.NOT_SENT));
        assertThat(delivered).as("the transport never got it").isEmpty();
        assertThat(fenced.waiting("web")).extracting(w -> w.part().text()).as("left for the new holder").containsExactly("a");
    }

    @Test
    void aPartNotFromAnAnswerIsStoredWhenQueued() {
        PartSource<OutgoingMessage> parts = outbox().open(TEXTS, false);
        OutgoingMessage alert = OutgoingMessage.to(Chat.privateChat("filehelper", "File Transfer"), "the web login ended");
        parts.add("filehelper", alert);
        assertThat(store.waiting("web")).extracting(w -> w.part().clientId()).containsExactly(alert.clientId());
        parts.finished("filehelper", alert, null);
        assertThat(waiting()).isEmpty();
    }

    private void awaitDelivered(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (delivered.size() < count) {
            assertThat(System.nanoTime()).as("waited for %d sends, got %s", count, delivered).isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
