package io.cow.bench.web;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.cow.app.BotAssembly;
import io.cow.app.Startup;
import io.cow.app.store.SqliteStore;
import io.cow.app.store.StoreOptions;
import io.cow.core.model.Answer;
import io.cow.core.model.Answerer;
import io.cow.core.pipeline.Bot;
import io.cow.testkit.openai.FakeOpenAi;
import io.cow.testkit.web.SentMessage;
import io.cow.testkit.web.SimContact;
import io.cow.testkit.web.SimulatorOptions;
import io.cow.testkit.web.WebWeChatSimulator;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Load harness of the web channel: the whole bot as {@code ./cow} wires it (channel {@code web}, pipeline,
 * dispatcher), logged in to the {@link WebWeChatSimulator} over loopback HTTP, with a model that answers at once.
 * Friends write private messages; each answer names its question, so the harness measures, per message, the time
 * from the simulator queuing it to the simulator receiving the reply (synccheck wake-up, webwxsync, translation,
 * pipeline, webwxsendmsg), and the rate sustained over the whole run.
 *
 * <p>Run: {@code bench/run io.cow.bench.web.WebBench [options]}, or after
 * {@code mvn -B -q -DskipTests -DskipPrepare=true package -pl bench -am}:
 * {@code java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" io.cow.bench.web.WebBench [options]}.
 * Options (all optional): {@code messages=5000 warmup=500 chats=20 rate=0 model=instant|fake sendInterval=0ms}.
 * {@code rate=0} sends as fast as the simulator takes messages (throughput); {@code rate=100} sends 100 per
 * second (latency at a steady load). {@code model=fake} asks the fake OpenAI API over HTTP (streaming) instead of
 * answering in process. The simulator runs in the same JVM, so the CPU figure includes it.
 */
public final class WebBench {

    private WebBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>(Map.of("messages", "5000", "warmup", "500", "chats", "20", "rate", "0",
                "model", "instant", "sendInterval", "0ms", "log", "WARN"));
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            if (kv.length != 2 || !opts.containsKey(kv[0])) {
                System.err.println("unknown option " + arg + "; options: " + opts.keySet());
                System.exit(2);
            }
            opts.put(kv[0], kv[1]);
        }
        int messages = Integer.parseInt(opts.get("messages"));
        int warmup = Integer.parseInt(opts.get("warmup"));
        int chats = Integer.parseInt(opts.get("chats"));
        double rate = Double.parseDouble(opts.get("rate"));
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("io.cow").setLevel(Level.toLevel(opts.get("log")));
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("login").setLevel(Level.toLevel(opts.get("log")));
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("org.eclipse.jetty").setLevel(Level.WARN);

        Path data = Files.createTempDirectory("cow-web-bench");
        try (WebWeChatSimulator sim = WebWeChatSimulator.start(SimulatorOptions.defaults().selfNickName("Bench")
                .requestLogLimit(0));
             FakeOpenAi fake = FakeOpenAi.start().answer(r -> "A " + r.lastUserMessage())) {
            List<SimContact> friends = new ArrayList<>();
            for (int i = 0; i < chats; i++) {
                friends.add(sim.addFriend("Friend " + i));
            }
            Map<String, String> env = new HashMap<>();
            env.put("OPENAI_API_KEY", "sk-bench-0123456789");
            env.put("OPENAI_BASE_URL", fake.baseUrl());
            env.put("COW_DATA_DIR", data.toString());
            env.put("COW_MODEL_SELF_TEST", "false");
            env.put("COW_WEB_ENDPOINT", sim.baseUrl());
            env.put("COW_WEB_SEND_INTERVAL", opts.get("sendInterval"));
            Startup startup = Startup.load(null, env, Map.of());
            Clock clock = Clock.systemDefaultZone();
            SqliteStore store = SqliteStore.open(data, StoreOptions.from(startup.settings()), clock);
            Answerer instant = (prompt, onPartial) -> {
                String question = ((dev.langchain4j.data.message.UserMessage) prompt.get(prompt.size() - 1)).singleText();
                return new Answer("A " + question, -1, -1);
            };
            Bot bot = BotAssembly.assemble(startup, startup.configure(), data, clock, opts.get("model").equals("fake") ? null : instant, store);
            long started = System.nanoTime();
            bot.start();
            sim.scanAndConfirm(Duration.ofSeconds(30));
            sim.awaitPolling(Duration.ofSeconds(30));
            System.out.printf(Locale.ROOT, "logged in %.0f ms after start (QR scanned and confirmed at once)%n",
                    (System.nanoTime() - started) / 1e6);

            int total = warmup + messages;
            AtomicLongArray queuedAt = new AtomicLongArray(total);
            AtomicLongArray answeredAt = new AtomicLongArray(total);
            CountDownLatch warm = new CountDownLatch(warmup);
            CountDownLatch done = new CountDownLatch(messages);
            sim.onSent((SentMessage m) -> {
                int i = Integer.parseInt(m.content().substring(m.content().indexOf('q') + 1));
                if (answeredAt.compareAndSet(i, 0, System.nanoTime())) {
                    (i < warmup ? warm : done).countDown();
                }
            });

            send(sim, friends, queuedAt, 0, warmup, 0);
            if (!warm.await(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException("warm-up answers missing: " + warm.getCount());
            }
            long cpuBefore = cpuNanos();
            Map<Long, Long> botThreadsBefore = botThreadCpu();
            long gcBefore = gcMillis();
            long t0 = System.nanoTime();
            send(sim, friends, queuedAt, warmup, total, rate);
            long sentBy = System.nanoTime();
            if (!done.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("answers missing: " + done.getCount() + " of " + messages);
            }
            long t1 = System.nanoTime();
            long cpu = cpuNanos() - cpuBefore;
            long channelCpu = 0;
            long pipelineCpu = 0;
            Map<Long, String> names = new HashMap<>();
            Thread.getAllStackTraces().keySet().forEach(t -> names.put(t.getId(), t.getName()));
            for (Map.Entry<Long, Long> t : botThreadCpu().entrySet()) {
                long used = t.getValue() - botThreadsBefore.getOrDefault(t.getKey(), 0L);
                if (names.getOrDefault(t.getKey(), "").startsWith("answer-")) {
                    pipelineCpu += used;
                } else {
                    channelCpu += used;
                }
            }
            bot.close();

            long[] latencies = new long[messages];
            for (int i = 0; i < messages; i++) {
                latencies[i] = answeredAt.get(warmup + i) - queuedAt.get(warmup + i);
            }
            Arrays.sort(latencies);
            double seconds = (t1 - t0) / 1e9;
            System.out.printf(Locale.ROOT, "model=%s chats=%d messages=%d (after %d warm-up) rate=%s sendInterval=%s%n",
                    opts.get("model"), chats, messages, warmup, rate == 0 ? "as fast as possible" : rate + "/s",
                    opts.get("sendInterval"));
            System.out.printf(Locale.ROOT, "queued in %.2f s, all answered in %.2f s: %.0f messages/s sustained%n",
                    (sentBy - t0) / 1e9, seconds, messages / seconds);
            System.out.printf(Locale.ROOT, "queued -> reply received: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                    pct(latencies, 50), pct(latencies, 90), pct(latencies, 99), latencies[messages - 1] / 1e6);
            System.out.printf(Locale.ROOT, "CPU per 1,000 messages: channel threads (web-*, HttpClient-*) %.2f s, "
                            + "pipeline threads (answer-*) %.2f s; whole process with simulator, JIT and GC %.2f s; "
                            + "GC pauses %d ms%n",
                    channelCpu / 1e9 / messages * 1000, pipelineCpu / 1e9 / messages * 1000,
                    cpu / 1e9 / messages * 1000, gcMillis() - gcBefore);
            System.out.printf(Locale.ROOT, "replies received: %d (each exactly once: %s)%n", sim.sent().size(),
                    sim.sent().size() == total);
        }
    }

    private static void send(WebWeChatSimulator sim, List<SimContact> friends, AtomicLongArray queuedAt,
                             int from, int to, double rate) throws InterruptedException {
        long start = System.nanoTime();
        for (int i = from; i < to; i++) {
            if (rate > 0) {
                long due = start + (long) ((i - from) * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            queuedAt.set(i, System.nanoTime());
            sim.sendText(friends.get(i % friends.size()), "q" + i);
        }
    }

    private static double pct(long[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** CPU time of the bot's own threads (the channel's, the dispatcher's, the HTTP client's), by thread id. */
    private static Map<Long, Long> botThreadCpu() {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> out = new HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String name = t.getName();
            if (name.startsWith("web-") || name.startsWith("answer-") || name.startsWith("HttpClient-")) {
                long cpu = threads.getThreadCpuTime(t.getId());
                if (cpu >= 0) {
                    out.put(t.getId(), cpu);
                }
            }
        }
        return out;
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(b -> Math.max(0, b.getCollectionTime())).sum();
    }
}
