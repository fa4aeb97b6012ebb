package io.cow.core.pipeline;

import io.cow.core.message.Chat;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.Sender;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class DispatcherTest {

    private static IncomingMessage message(String chat, int n) {
        return IncomingMessage.text("t", chat + "-" + n, Chat.privateChat(chat, chat), Sender.person(chat, chat), String.valueOf(n)).build();
    }

    @Test
    void messagesOfOneChatAreHandledInOrderWhileChatsRunInParallel() throws Exception {
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        try (Dispatcher dispatcher = new Dispatcher(m -> {
            int now = running.incrementAndGet();
            maxRunning.accumulateAndGet(now, Math::max);
            seen.computeIfAbsent(m.chat().id(), k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                    .add(Integer.parseInt(m.text()));
            Thread.yield();
            running.decrementAndGet();
        }, 3, 10_000)) {
            for (int n = 0; n < 500; n++) {
                for (String chat : List.of("a", "b", "c", "d", "e")) {
                    dispatcher.submit(message(chat, n));
                }
            }
            assertThat(dispatcher.awaitIdle(Duration.ofSeconds(30))).isTrue();
        }
        List<Integer> expected = java.util.stream.IntStream.range(0, 500).boxed().toList();
        assertThat(seen).hasSize(5);
        seen.values().forEach(list -> assertThat(list).isEqualTo(expected));
        assertThat(maxRunning.get()).isLessThanOrEqualTo(3);
    }

    @Test
    void aFullQueueBlocksTheSubmitterInsteadOfDroppingMessages() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger handled = new AtomicInteger();
        try (Dispatcher dispatcher = new Dispatcher(m -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            handled.incrementAndGet();
        }, 1, 5)) {
            Thread producer = new Thread(() -> {
                for (int n = 0; n < 8; n++) {
                    dispatcher.submit(message("a", n));
                }
            });
            producer.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (producer.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(producer.getState()).isEqualTo(Thread.State.WAITING);
            assertThat(dispatcher.pending()).isEqualTo(5);
            release.countDown();
            producer.join(10_000);
            assertThat(dispatcher.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(handled.get()).isEqualTo(8);
        }
    }

    @Test
    void aFailingMessageDoesNotStopTheQueue() throws Exception {
        List<String> handled = java.util.Collections.synchronizedList(new ArrayList<>());
        try (Dispatcher dispatcher = new Dispatcher(m -> {
            if (m.text().equals("1")) {
                throw new IllegalStateException("boom");
            }
            handled.add(m.text());
        }, 2, 100)) {
            for (int n = 0; n < 3; n++) {
                dispatcher.submit(message("a", n));
            }
            assertThat(dispatcher.awaitIdle(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(handled).containsExactly("0", "2");
    }
}
