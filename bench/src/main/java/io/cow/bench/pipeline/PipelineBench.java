package io.cow.bench.pipeline;

import io.cow.app.BotAssembly;
import io.cow.app.Startup;
import io.cow.app.store.SqliteStore;
import io.cow.app.store.StoreOptions;
import io.cow.core.message.Chat;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.Sender;
import io.cow.core.model.Answer;
import io.cow.core.model.Answerer;
import io.cow.core.pipeline.Bot;
import io.cow.testkit.openai.FakeOpenAi;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * What the bot itself costs, with the transport and the model taken out: DESIGN.md's targets for added
 * latency at 100 msg/s, 100,000 messages at full speed, CPU per 1,000 messages, and how soon the first part
 * of a streamed answer is sent.
 *
 * <p>Run: {@code bench/run io.cow.bench.pipeline.PipelineBench [latency|burst|stream|all]}.
 */
public final class PipelineBench {

    private static final Answerer INSTANT = (messages, partial) -> new Answer("ok", 1, 1);

    public static void main(String[] args) throws Exception {
        String mode = args.length == 0 ? "all" : args[0];
        if (mode.equals("latency") || mode.equals("all")) {
            latencyAt100PerSecond();
        }
        if (mode.equals("burst") || mode.equals("all")) {
            burst(100_000);
        }
        if (mode.equals("stream") || mode.equals("all")) {
            firstStreamedPart();
        }
        System.exit(0);
    }

    static Bot bot(TimingChannel channel, Answerer answerer, Map<String, String> env) throws Exception {
        Path data = Files.createTempDirectory("cow-bench");
        Map<String, String> all = new HashMap<>(Map.of("OPENAI_API_KEY", "sk-bench", "COW_DATA_DIR", data.toString(),
                "COW_MODEL_SELF_TEST", "false", "COW_MAX_PENDING_MESSAGES", "200000"));
        all.putAll(env);
        Startup startup = Startup.load(null, all, Map.of());
        Clock clock = Clock.systemDefaultZone();
        SqliteStore store = SqliteStore.open(data, StoreOptions.from(startup.settings()), clock);
        Bot bot = BotAssembly.assemble(startup, channel.name(), context -> channel.open(context.outbox()), data, clock, answerer, store);
        bot.start();
        return bot;
    }

    static IncomingMessage message(int n, int chats) {
        String chat = "chat-" + (n % chats);
        return IncomingMessage.text("bench", "m" + n, Chat.privateChat(chat, chat), Sender.person(chat, chat), "question " + n)
                .createdAt(Instant.now()).build();
    }

    /** 2,000 messages from 50 chats at 100 per second: time from delivery to the reply being sent. */
    private static void latencyAt100PerSecond() throws Exception {
        TimingChannel channel = new TimingChannel();
        try (Bot bot = bot(channel, INSTANT, Map.of())) {
            warmUp(channel, bot);
            int count = 2_000;
            long[] delivered = new long[count];
            long start = System.nanoTime();
            for (int n = 0; n < count; n++) {
                long due = start + n * 10_000_000L;
                while (System.nanoTime() < due) {
                    LockSupport.parkNanos(due - System.nanoTime());
                }
                delivered[n] = System.nanoTime();
                channel.deliver(message(n, 50));
            }
            bot.awaitIdle(Duration.ofMinutes(1));
            long[] micros = new long[count];
            for (int n = 0; n < count; n++) {
                micros[n] = (channel.firstSendNanos.get("m" + n) - delivered[n]) / 1_000;
            }
            Arrays.sort(micros);
            System.out.printf("latency at 100 msg/s, %d messages, 50 chats, instant model: p50 %d µs, p90 %d µs, p99 %d µs, max %d µs%n",
                    count, pct(micros, 50), pct(micros, 90), pct(micros, 99), micros[count - 1]);
        }
    }

    /** Every message delivered as fast as possible: none lost, none answered twice, throughput and CPU. */
    private static void burst(int count) throws Exception {
        TimingChannel channel = new TimingChannel();
        try (Bot bot = bot(channel, INSTANT, Map.of())) {
            warmUp(channel, bot);
            long cpuBefore = processCpuNanos();
            long start = System.nanoTime();
            for (int n = 0; n < count; n++) {
                channel.deliver(message(n, 1_000));
            }
            bot.awaitIdle(Duration.ofMinutes(10));
            long elapsed = System.nanoTime() - start;
            long cpu = processCpuNanos() - cpuBefore;
            long answered = 0;
            long twice = 0;
            for (int n = 0; n < count; n++) {
                var sends = channel.sendsPerMessage.get("m" + n);
                if (sends != null) {
                    answered++;
                    if (sends.get() > 1) {
                        twice++;
                    }
                }
            }
            System.out.printf("burst of %d messages from 1,000 chats: %d answered, %d lost, %d answered twice; %.0f msg/s; "
                            + "%.3f CPU-s per 1,000 messages (whole process)%n",
                    count, answered, count - answered, twice, count / (elapsed / 1e9), cpu / 1e9 / count * 1_000);
        }
    }

    /**
     * A 1,200-character answer streamed over HTTP by the fake OpenAI server, four characters every 5 ms: time
     * from the server flushing the chunk that completes the first part (501 characters out) to the part
     * being handed to the channel.
     */
    private static void firstStreamedPart() throws Exception {
        try (FakeOpenAi fake = FakeOpenAi.start()) {
            fake.answerWith("字".repeat(1_200)).tokenPace(Duration.ofMillis(5));
            long[] completedAt = new long[1];
            fake.onStreamedChunk((chars, nanos) -> {
                if (chars > 500 && completedAt[0] == 0) {
                    completedAt[0] = nanos;
                }
            });
            TimingChannel channel = new TimingChannel();
            List<Long> delays = new ArrayList<>();
            try (Bot bot = bot(channel, null, Map.of("OPENAI_BASE_URL", fake.baseUrl()))) {
                for (int n = 0; n < 60; n++) {
                    completedAt[0] = 0;
                    channel.deliver(message(n, 1));
                    bot.awaitIdle(Duration.ofMinutes(1));
                    if (n >= 10) {
                        delays.add((channel.firstSendNanos.get("m" + n) - completedAt[0]) / 1_000);
                    }
                }
            }
            long[] micros = delays.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf("first streamed part, %d answers over HTTP: sent p50 %d µs, p99 %d µs, max %d µs after the model flushed it%n",
                    micros.length, pct(micros, 50), pct(micros, 99), micros[micros.length - 1]);
        }
    }

    private static void warmUp(TimingChannel channel, Bot bot) throws Exception {
        for (int n = 0; n < 20_000; n++) {
            channel.deliver(IncomingMessage.text("bench", "warm" + n, Chat.privateChat("w" + n % 10, "w"), Sender.person("w", "w"),
                    "warm up").createdAt(Instant.now()).build());
        }
        bot.awaitIdle(Duration.ofMinutes(1));
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static long pct(long[] sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private PipelineBench() {
    }
}
