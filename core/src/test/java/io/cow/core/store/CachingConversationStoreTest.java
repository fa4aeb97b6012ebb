package io.cow.core.store;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class CachingConversationStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-24T08:00:00Z");
    private static final List<ConversationKey> KEYS = List.of(
            new ConversationKey("web", "a", ""), new ConversationKey("web", "b", ""),
            new ConversationKey("web", "team", "c"), new ConversationKey("web", "team", ""));

    /** Counts the reads that reach the store behind the cache. */
    private static final class CountingStore implements ConversationStore {
        final InMemoryConversationStore store = new InMemoryConversationStore();
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public List<Turn> newestTurns(ConversationKey key, long beforeId, int limit) {
            reads.incrementAndGet();
            return store.newestTurns(key, beforeId, limit);
        }

        @Override
        public Turn append(ConversationKey key, Turn turn) {
            return store.append(key, turn);
        }

        @Override
        public void forgetBefore(ConversationKey key, long turnId) {
            store.forgetBefore(key, turnId);
        }

        @Override
        public List<ConversationKey> conversationsOf(String channel, String chatKey) {
            return store.conversationsOf(channel, chatKey);
        }

        @Override
        public void clear(ConversationKey key) {
            store.clear(key);
        }

        @Override
        public int clearInactiveSince(Instant cutoff) {
            return store.clearInactiveSince(cutoff);
        }
    }

    @Test
    void aSmallConversationIsReadFromTheStoreOnceThenServedFromMemory() {
        CountingStore behind = new CountingStore();
        CachingConversationStore cache = new CachingConversationStore(behind, 10, 10_000);
        ConversationKey key = KEYS.get(0);
        cache.append(key, Turn.of("q1", "a1", T0));
        assertThat(cache.newestTurns(key, Long.MAX_VALUE, 32)).extracting(Turn::question).containsExactly("q1");
        cache.append(key, Turn.of("q2", "a2", T0));
        assertThat(cache.newestTurns(key, Long.MAX_VALUE, 32)).extracting(Turn::question).containsExactly("q2", "q1");
        cache.clear(key);
        assertThat(cache.newestTurns(key, Long.MAX_VALUE, 32)).isEmpty();
        assertThat(behind.reads.get()).isEqualTo(1);
    }

    @Test
    void aLongConversationIsReadFromTheStoreEachTimeOnce() {
        CountingStore behind = new CountingStore();
        CachingConversationStore cache = new CachingConversationStore(behind, 3, 10_000);
        ConversationKey key = KEYS.get(0);
        for (int i = 0; i < 5; i++) {
            cache.append(key, Turn.of("q" + i, "a", T0));
        }
        assertThat(cache.newestTurns(key, Long.MAX_VALUE, 2)).extracting(Turn::question).containsExactly("q4", "q3");
        assertThat(behind.reads.get()).isEqualTo(1);
    }

    /** Random operations on the cache and on a plain store give the same answers, with every eviction path taken. */
    @RepeatedTest(20)
    void behavesExactlyLikeTheStoreBehindIt() {
        Random random = new Random();
        long seed = random.nextLong();
        random.setSeed(seed);
        InMemoryConversationStore reference = new InMemoryConversationStore();
        CachingConversationStore cache = new CachingConversationStore(new InMemoryConversationStore(), 4, 60);
        Instant now = T0;
        for (int step = 0; step < 400; step++) {
            ConversationKey key = KEYS.get(random.nextInt(KEYS.size()));
            now = now.plusSeconds(random.nextInt(60));
            switch (random.nextInt(10)) {
                case 0, 1, 2, 3 -> {
                    Turn turn = Turn.of("q" + step, "a".repeat(random.nextInt(30)), now);
                    assertThat(cache.append(key, turn).id()).isEqualTo(reference.append(key, turn).id());
                }
                case 4, 5, 6 -> {
                    long before = random.nextBoolean() ? Long.MAX_VALUE : random.nextInt(step + 2);
                    int limit = 1 + random.nextInt(6);
                    assertThat(cache.newestTurns(key, before, limit)).as("seed %d step %d", seed, step)
                            .isEqualTo(reference.newestTurns(key, before, limit));
                }
                case 7 -> {
                    long before = random.nextInt(step + 2);
                    cache.forgetBefore(key, before);
                    reference.forgetBefore(key, before);
                }
                case 8 -> {
                    cache.clear(key);
                    reference.clear(key);
                }
                default -> {
                    Instant cutoff = now.minusSeconds(random.nextInt(600));
                    assertThat(cache.clearInactiveSince(cutoff)).isEqualTo(reference.clearInactiveSince(cutoff));
                }
            }
        }
        for (ConversationKey key : KEYS) {
            assertThat(cache.newestTurns(key, Long.MAX_VALUE, 100)).as("seed %d", seed).isEqualTo(reference.newestTurns(key, Long.MAX_VALUE, 100));
        }
    }
}
