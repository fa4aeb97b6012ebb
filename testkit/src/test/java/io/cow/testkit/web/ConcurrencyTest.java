package io.cow.testkit.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ConcurrencyTest {

    private static final int SENDERS = 4;
    private static final int PER_SENDER = 150;

    private WebWeChatSimulator sim;
    private ExecutorService threads;

    @BeforeEach
    void start() {
        sim = WebWeChatSimulator.start(SimulatorOptions.defaults().syncCheckHold(Duration.ofSeconds(5))
                .initStatusNotify(false).syncBatchLimit(40));
        threads = Executors.newFixedThreadPool(SENDERS + 1);
    }

    @AfterEach
    void stop() {
        threads.shutdownNow();
        sim.close();
    }

    @Test
    void messagesQueuedFromManyThreadsDuringTheSyncLoopArriveExactlyOnceAndInOrder() throws Exception {
        List<SimContact> friends = new ArrayList<>();
        for (int i = 0; i < SENDERS; i++) {
            friends.add(sim.addFriend("Friend " + i));
        }
        ProtocolClient client = new ProtocolClient(sim);
        client.login(sim);
        Set<String> expected = ConcurrentHashMap.newKeySet();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> senders = new ArrayList<>();
        for (SimContact friend : friends) {
            senders.add(threads.submit(() -> {
                go.await();
                for (int n = 0; n < PER_SENDER; n++) {
                    expected.add(sim.sendText(friend, Integer.toString(n)));
                    if (n % 10 == 0) {
                        String to = sim.userName(friend);
                        client.send(to, "reply " + n);
                    }
                }
                return null;
            }));
        }
        Future<Received> received = threads.submit(() -> syncUntil(client, SENDERS * PER_SENDER));

        go.countDown();
        for (Future<?> sender : senders) {
            sender.get(60, TimeUnit.SECONDS);
        }
        Received result = received.get(60, TimeUnit.SECONDS);

        assertThat(result.msgIds()).doesNotHaveDuplicates().hasSize(SENDERS * PER_SENDER);
        assertThat(Set.copyOf(result.msgIds())).isEqualTo(expected);
        for (SimContact friend : friends) {
            assertThat(result.bySender().get(sim.userName(friend))).as("order of " + friend)
                    .isEqualTo(java.util.stream.IntStream.range(0, PER_SENDER).boxed().toList());
        }
        assertThat(sim.sent()).hasSize(SENDERS * (PER_SENDER / 10));
    }

    /** What the client's loop received: texts (numbers) by sender UserName, and every MsgId. */
    private record Received(Map<String, List<Integer>> bySender, List<String> msgIds) {
    }

    /** A client's sync loop: synccheck, webwxsync when the selector says so; collects incoming texts. */
    private static Received syncUntil(ProtocolClient client, int count) throws Exception {
        Received received = new Received(new HashMap<>(), new ArrayList<>());
        while (received.msgIds().size() < count) {
            String check = client.syncCheck();
            assertThat(check).startsWith("window.synccheck={retcode:\"0\"");
            if (check.endsWith("selector:\"0\"}")) {
                continue;
            }
            JsonNode answer;
            do {
                answer = client.sync();
                for (JsonNode m : answer.path("AddMsgList")) {
                    String from = m.path("FromUserName").asText();
                    if (!from.equals(client.selfUserName)) {
                        received.bySender().computeIfAbsent(from, k -> new ArrayList<>())
                                .add(Integer.parseInt(m.path("Content").asText()));
                        received.msgIds().add(m.path("MsgId").asText());
                    }
                }
            } while (answer.path("ContinueFlag").asInt() == 1);
        }
        return received;
    }
}
