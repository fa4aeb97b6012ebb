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
import io.cow.core.store.InMemoryStore;
import io.cow.core.store.Store;
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
 * <p>Run: {@code bench/run io.cow.bench.pipeline.PipelineBench [latency|burst|stream|all|durability|controls]}; {@code controls}
 * compares the bot without and with every control of issue 16 on, interleaved in one run.
 * {@code durability} is not part of {@code all}: it measures what the durable inbox and outbox cost, bursts on the
 * database store and on an in-memory store taking turns in one run.
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
        if (mode.equals("controls")) {
            controls();
        }
        if (mode.equals("durability")) {
            durabilityCost(args.length > 1 ? Integer.parseInt(args[1]) : 20_000, args.length > 2 ? Integer.parseInt(args[2]) : 5);
        }
        System.exit(0);
    }

    static Bot bot(TimingChannel channel, Answerer answerer, Map<String, String> env) throws Exception {
        return bot(channel, answerer, env, true);
    }

    /** A bot on the database store ({@code durable}), or on a store in memory that a restart loses. */
    static Bot bot(TimingChannel channel, Answerer answerer, Map<String, String> env, boolean durable) throws Exception {
        Path data = Files.createTempDirectory("cow-bench");
        Map<String, String> all = new HashMap<>(Map.of("OPENAI_API_KEY", "sk-bench", "COW_DATA_DIR", data.toString(),
                "COW_MODEL_SELF_TEST", "false", "COW_MAX_PENDING_MESSAGES", "200000"));
        all.putAll(env);
        Startup startup = Startup.load(null, all, Map.of());
        Clock clock = Clock.systemDefaultZone();
        Store store = durable ? SqliteStore.open(data, StoreOptions.from(startup.settings()), clock) : new InMemoryStore();
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
    /**
     * The owner's controls all on, none holding a message back: access lists, admins, quotas and rate limits far above
     * what the run uses, 500 banned words for questions and 500 for answers, takeover.
     */
    static Map<String, String> allControls() {
        StringBuilder words = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            words.append(i == 0 ? "" : ",").append("banned").append(i).append("词").append(i);
        }
        Map<String, String> env = new HashMap<>();
        env.put("COW_ACCESS_ALLOW", "private:*,group:/team.*/");
        env.put("COW_ACCESS_DENY", "Mallory,/spam.*/");
        env.put("COW_ADMINS", "Dana,/ops-.*/");
        env.put("COW_QUOTA_PER_PERSON_DAILY", "100000000 messages");
        env.put("COW_QUOTA_PER_GROUP_DAILY", "100000000000 tokens");
        env.put("COW_RATE_LIMIT_PER_CHAT", "100000000/1m");
        env.put("COW_RATE_LIMIT_PER_PERSON", "100000000/1m");
        env.put("COW_BANWORDS_QUESTIONS", words.toString());
        env.put("COW_BANWORDS_ANSWERS", words.toString());
        env.put("COW_TAKEOVER_QUIET_FOR", "10m");
        return env;
    }

    /** Added latency (p99 at 100 msg/s) and CPU per 1,000 messages (burst) without and with the controls, two rounds. */
    private static void controls() throws Exception {
        for (int round = 1; round <= 2; round++) {
            for (boolean on : new boolean[]{false, true}) {
                Map<String, String> env = on ? allControls() : Map.of();
                System.out.printf("[round %d, controls %s] ", round, on ? "on " : "off");
                latencyAt100PerSecond(env);
                TimingChannel channel = new TimingChannel();
                try (Bot bot = bot(channel, INSTANT, env, false)) {
                    warmUp(channel, bot);
                    long cpuBefore = processCpuNanos();
                    for (int n = 0; n < 50_000; n++) {
                        channel.deliver(message(n, 1_000));
                    }
                    bot.awaitIdle(Duration.ofMinutes(10));
                    System.out.printf("[round %d, controls %s] burst of 50,000: %.3f CPU-s per 1,000 messages%n", round,
                            on ? "on " : "off", (processCpuNanos() - cpuBefore) / 1e9 / 50_000 * 1_000);
                }
            }
        }
    }

    private static void latencyAt100PerSecond() throws Exception {
        latencyAt100PerSecond(Map.of());
    }

    private static void latencyAt100PerSecond(Map<String, String> env) throws Exception {
        TimingChannel channel = new TimingChannel();
        try (Bot bot = bot(channel, INSTANT, env)) {
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

    /**
     * The durable inbox and outbox against the same bot on a store in memory: bursts of {@code count} messages
     * from 1,000 chats, the two kinds taking turns {@code rounds} times in one run (so both see the same machine
     * load); medians and their ratios.
     */
    private static void durabilityCost(int count, int rounds) throws Exception {
        List<double[]> durable = new ArrayList<>();
        List<double[]> inMemory = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            inMemory.add(burst(count, false));
            durable.add(burst(count, true));
        }
        double durableRate = median(durable, 0);
        double memoryRate = median(inMemory, 0);
        double durableCpu = median(durable, 1);
        double memoryCpu = median(inMemory, 1);
        System.out.printf("durability cost, median of %d bursts of %d messages each: database store %.0f msg/s, %.3f CPU-s per "
                        + "1,000 messages; in-memory store %.0f msg/s, %.3f CPU-s per 1,000; throughput x%.2f, CPU x%.2f "
                        + "(+%.3f CPU-s per 1,000 messages)%n",
                rounds, count, durableRate, durableCpu, memoryRate, memoryCpu, durableRate / memoryRate, durableCpu / memoryCpu,
                durableCpu - memoryCpu);
    }

    private static double median(List<double[]> runs, int field) {
        double[] values = runs.stream().mapToDouble(r -> r[field]).sorted().toArray();
        return values.length % 2 == 1 ? values[values.length / 2] : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }

    private static void burst(int count) throws Exception {
        burst(count, true);
    }

    /**
     * Every message delivered as fast as possible: none lost, none answered twice, throughput and CPU.
     *
     * @return messages per second and CPU-s per 1,000 messages
     */
    private static double[] burst(int count, boolean durable) throws Exception {
        TimingChannel channel = new TimingChannel();
        try (Bot bot = bot(channel, INSTANT, Map.of(), durable)) {
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
            double rate = count / (elapsed / 1e9);
            double cpuPerThousand = cpu / 1e9 / count * 1_000;
            System.out.printf("burst of %d messages from 1,000 chats (%s store): %d answered, %d lost, %d answered twice; "
                            + "%.0f msg/s; %.3f CPU-s per 1,000 messages (whole process)%n",
                    count, durable ? "database" : "in-memory", answered, count - answered, twice, rate, cpuPerThousand);
            return new double[] {rate, cpuPerThousand};
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
