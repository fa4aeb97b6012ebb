package io.cow.app;


import io.cow.core.message.Chat;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.OutgoingMessage;
import io.cow.core.message.Sender;
import io.cow.testkit.await.MachineLoad;
import io.cow.testkit.openai.FakeOpenAi;
import io.cow.testkit.openai.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Calls to the model run with an adaptive bound, not a fixed handful: a slow model is answered within its own latency
 * at 100 messages a second, a provider that refuses more than 8 requests at once gets about 8 and every message is
 * still answered once, and the members of one group do not wait for each other.
 */
class ModelConcurrencyTest {

    @TempDir
    Path data;

    /** When each message's first reply part was sent, and how many parts it got. */
    private final Map<String, Long> firstSent = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> sends = new ConcurrentHashMap<>();

    private BotHarness bot(FakeOpenAi fake, Map<String, String> env) {
        BotHarness harness = new BotHarness(fake, data, env, Map.of());
        harness.channel.sender(this::timed);
        return harness;
    }

    private CompletableFuture<Void> timed(OutgoingMessage message) {
        String id = message.inReplyTo().id();
        firstSent.putIfAbsent(id, System.nanoTime());
        sends.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        return CompletableFuture.completedFuture(null);
    }

    private static IncomingMessage message(int n, int chats) {
        String chat = "chat-" + n % chats;
        return IncomingMessage.text("test", "m" + n, Chat.privateChat(chat, chat), Sender.person(chat, chat), "question " + n)
                .createdAt(Instant.now()).build();
    }

    /** Message {@code n} in one of {@code groups} busy groups, each message from another member. */
    private static IncomingMessage groupMessage(int n, int groups) {
        String group = "group-" + n % groups;
        return IncomingMessage.text("test", "m" + n, Chat.group(group, group), Sender.person("member-" + n, "member " + n),
                "@Bot question " + n).botNames("Bot").createdAt(Instant.now()).build();
    }

    @Test
    void aOneSecondModelAt100MessagesASecondFrom50BusyGroupsAnswersEachWithinItsLatency() {
        FakeOpenAi fake = FakeOpenAi.start().requireApiKey(BotHarness.API_KEY).answerWith("ok");
        try (BotHarness harness = bot(fake, Map.of())) {
            // The first questions load the model client's classes; the case is about a bot that is running.
            for (int n = 0; n < 20; n++) {
                harness.channel.deliver(message(10_000 + n, 20));
            }
            harness.awaitIdle();
            fake.latency(Duration.ofMillis(1_000));
            int count = 500;
            long[] delivered = new long[count];
            long start = System.nanoTime();
            for (int n = 0; n < count; n++) {
                long due = start + n * 10_000_000L;
                while (System.nanoTime() < due) {
                    LockSupport.parkNanos(due - System.nanoTime());
                }
                delivered[n] = System.nanoTime();
                harness.channel.deliver(groupMessage(n, 50));
            }
            harness.awaitIdle();
            assertThat(sends).hasSize(count + 20).allSatisfy((id, parts) -> assertThat(parts.get()).isEqualTo(1));
            assertThat(fake.peakInFlight()).as("questions in flight at once").isGreaterThanOrEqualTo(50);
            // Timing needs a machine that is not busy with other builds (CI's is not).
            assumeTrue(MachineLoad.quiet(), "the machine is too busy to time answers (load " + MachineLoad.perCore() + " per core)");
            long[] millis = new long[count];
            for (int n = 0; n < count; n++) {
                millis[n] = (firstSent.get("m" + n) - delivered[n]) / 1_000_000;
            }
            Arrays.sort(millis);
            assertThat(millis[(int) Math.ceil(count * 0.99) - 1]).as("p99 message -> answer, ms").isLessThanOrEqualTo(1_200);
        }
    }


    @Test
    void aProviderThatRefusesMoreThanEightAtOnceGetsAboutEightAndEveryMessageIsAnsweredOnce() {
        FakeOpenAi fake = FakeOpenAi.start().requireApiKey(BotHarness.API_KEY).answerWith("ok")
                .latency(Duration.ofMillis(100)).maxConcurrent(8);
        try (BotHarness harness = bot(fake, Map.of("COW_MODEL_MAX_RETRIES", "10", "COW_MODEL_RETRY_MAX_DELAY", "50ms"))) {
            int count = 300;
            for (int n = 0; n < count; n++) {
                harness.channel.deliver(message(n, 50));
            }
            harness.awaitIdle();
            assertThat(sends).as("every message answered once").hasSize(count)
                    .allSatisfy((id, parts) -> assertThat(parts.get()).isEqualTo(1));
            assertThat(harness.sent()).containsOnly("ok");
            assertThat(fake.rejectedAsBusy()).as("the first burst found the limit").isPositive();
            List<RecordedRequest> requests = fake.requests();
            int accepted = requests.size() - fake.rejectedAsBusy();
            assertThat(accepted).isEqualTo(count);
            // Settled: of the last 150 requests, few were refused (the limit sits at 8, now and then probing 9).
            int refusedLate = fake.rejectedAsBusySince(requests.size() - 150);
            assertThat(refusedLate).as("429s among the last 150 requests").isLessThan(40);
            assertThat(fake.peakInFlight()).isEqualTo(8);
            // Near 8, not merely at most 8: a limiter that shrank to 2 would pass the lines above. The middle of the
            // run, when the queue is still full (its end drains it and concurrency falls by itself). An adaptive limit
            // backs off after each 429 and climbs again, so it swings below 8: a median of 7 on a loaded machine here.
            // At least 5 tells "near 8" from stuck low.
            List<Integer> inFlight = fake.inFlightAtMidpoints().subList(100, 250).stream().sorted().toList();
            assertThat(inFlight.get(inFlight.size() / 2)).as("median requests being answered at once, mid-run: %s", inFlight)
                    .isGreaterThanOrEqualTo(5);
        }
    }

    @Test
    void membersOfOneGroupDoNotWaitForEachOther() {
        FakeOpenAi fake = FakeOpenAi.start().requireApiKey(BotHarness.API_KEY).latency(Duration.ofMillis(300))
                .answer(r -> "re: " + r.lastUserMessage());
        try (BotHarness harness = bot(fake, Map.of())) {
            List<IncomingMessage> messages = new ArrayList<>();
            for (int round = 1; round <= 2; round++) {
                for (int member = 0; member < 10; member++) {
                    messages.add(harness.groupText("Team", "member" + member, "@Bot q" + round + " from " + member).build());
                }
            }
            messages.forEach(harness.channel::deliver);
            harness.awaitIdle();
            assertThat(fake.peakInFlight()).as("the ten members' questions were asked at once").isEqualTo(10);
            List<String> asked = harness.questions();
            for (int member = 0; member < 10; member++) {
                // Each member's second question went out only after the first was answered (and so, remembered).
                int first = asked.indexOf("q1 from " + member);
                int second = asked.indexOf("q2 from " + member);
                assertThat(first).isNotNegative().isLessThan(second);
                RecordedRequest secondRequest = fake.requests().get(second);
                assertThat(secondRequest.messages()).extracting(RecordedRequest.Message::content)
                        .contains("q1 from " + member, "re: q1 from " + member);
            }
        }
    }
}
