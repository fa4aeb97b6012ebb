package io.cow.bench.ilink;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import io.cow.app.BotAssembly;
import io.cow.app.Startup;
import io.cow.app.store.SqliteStore;
import io.cow.app.store.StoreOptions;
import io.cow.core.channel.ChannelContext;
import io.cow.core.model.Answer;
import io.cow.core.model.Answerer;
import io.cow.core.pipeline.Bot;
import io.cow.ilink.IlinkChannel;
import io.cow.ilink.IlinkChannelProvider;
import io.cow.ilink.IlinkConfig;
import io.cow.ilink.api.Account;
import io.cow.testkit.ilink.BotBinding;
import io.cow.testkit.ilink.IlinkSimulator;
import io.cow.testkit.ilink.QrCode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The whole bot on the iLink channel against the iLink simulator over HTTP on 127.0.0.1, with a model that
 * answers instantly (it echoes the question): how many replies per second the channel gets through, and
 * the latency from a user's message being queued on the server to the server accepting the reply
 * (long poll → pipeline → typing → sendmessage). Bot, simulator and harness share this JVM and its cores.
 *
 * <p>Run: {@code bench/run io.cow.bench.ilink.IlinkBench [burst|rate|all] [messages] [users] [rate per s]}
 * (defaults: all 5000 1000 50).
 */
public final class IlinkBench {

    private static final String OWNER = "o9cq80z1owner@im.wechat";

    /** Answers with the question itself, so each reply names the message it answers. */
    private static final Answerer ECHO = (messages, partial) -> {
        ChatMessage last = messages.get(messages.size() - 1);
        return new Answer(((UserMessage) last).singleText(), 1, 1);
    };

    private final Map<String, Long> queuedAt = new ConcurrentHashMap<>();
    private final Map<String, Long> repliedAt = new ConcurrentHashMap<>();
    private volatile CountDownLatch replies = new CountDownLatch(0);

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "all";
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        // The server takes at most 10 replies per user's latest message: keep a user's messages in flight below that.
        int users = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
        int rate = args.length > 3 ? Integer.parseInt(args[3]) : 50;
        if (mode.equals("burst") || mode.equals("all")) {
            new IlinkBench().run("burst", messages, users, 0);
        }
        if (mode.equals("rate") || mode.equals("all")) {
            new IlinkBench().run("rate", Math.min(messages, rate * 40), users, rate);
        }
        System.exit(0);
    }

    /**
     * @param perSecond 0: every message queued at once; else queued at this steady rate
     */
    private void run(String name, int count, int users, int perSecond) throws Exception {
        Path data = Files.createTempDirectory("cow-ilink-bench");
        try (IlinkSimulator sim = IlinkSimulator.start(7)) {
            Map<String, String> env = new HashMap<>(Map.of(
                    "OPENAI_API_KEY", "sk-bench",
                    "COW_DATA_DIR", data.toString(),
                    "COW_CHANNEL", "ilink",
                    "COW_MODEL_SELF_TEST", "false",
                    "COW_ILINK_BASE_URL", sim.baseUrl(),
                    "COW_ILINK_CDN_BASE_URL", sim.cdnBaseUrl(),
                    "COW_ILINK_QR_POLL_INTERVAL", "10ms",
                    // pacing spaces the parts of one long answer; these answers are one part each
                    "COW_ILINK_SEND_INTERVAL", "0ms"));
            Startup startup = Startup.load(null, env, Map.of());
            Clock clock = Clock.systemDefaultZone();
            SqliteStore store = SqliteStore.open(data, StoreOptions.from(startup.settings()), clock);
            IlinkChannel channel = new IlinkChannelProvider().create(IlinkConfig.from(startup.settings()),
                    new ChannelContext(IlinkChannel.TYPE, data, store.channelState(), clock), (prompt, wrong) -> java.util.Optional.empty());
            try (Bot bot = BotAssembly.assemble(startup, channel, data, clock, ECHO, store)) {
                bot.start();
                QrCode qr = sim.awaitQrCode(1, Duration.ofSeconds(30));
                BotBinding binding = sim.scanAndConfirm(qr.imageContent(), OWNER);
                awaitLogin(channel, binding);

                round(sim, "warm-up", 2_000, users, 0);
                Thread.sleep(2_000); // the warm-up's last "typing" cancels land outside the measured round
                queuedAt.clear();
                repliedAt.clear();
                int typingBefore = sim.typing().size();
                int refusedBefore = sim.rejections().size();
                long start = System.nanoTime();
                round(sim, "q", count, users, perSecond);
                long elapsed = System.nanoTime() - start;
                report(name, count, users, perSecond, elapsed, sim.typing().size() - typingBefore,
                        sim.rejections().size() - refusedBefore);
            }
        }
    }

    private void round(IlinkSimulator sim, String prefix, int count, int users, int perSecond) throws InterruptedException {
        replies = new CountDownLatch(count);
        sim.onSent(m -> {
            if (m.text().startsWith(prefix) && repliedAt.putIfAbsent(m.text(), System.nanoTime()) == null) {
                replies.countDown();
            }
        });
        long start = System.nanoTime();
        for (int n = 0; n < count; n++) {
            if (perSecond > 0) {
                long due = start + n * 1_000_000_000L / perSecond;
                while (System.nanoTime() < due) {
                    LockSupport.parkNanos(due - System.nanoTime());
                }
            }
            String text = prefix + "-" + n;
            queuedAt.put(text, System.nanoTime());
            sim.sendText("user" + (n % users) + "@im.wechat", text);
        }
        long left = replies.getCount();
        while (!replies.await(30, TimeUnit.SECONDS)) {
            if (replies.getCount() == left) {
                List<String> refused = sim.rejections();
                throw new IllegalStateException(left + " of " + count + " messages were not answered after 30 s without progress; "
                        + refused.size() + " sends refused, e.g. " + refused.stream().limit(3).toList());
            }
            left = replies.getCount();
        }
    }

    private void report(String name, int count, int users, int perSecond, long elapsedNanos, int typingCalls, int rejections) {
        long[] micros = queuedAt.entrySet().stream()
                .mapToLong(e -> (repliedAt.get(e.getKey()) - e.getValue()) / 1_000).sorted().toArray();
        double seconds = elapsedNanos / 1e9;
        System.out.printf("iLink %s: %d messages from %d users%s, instant model, over HTTP on 127.0.0.1: "
                        + "%.0f replies/s; latency queued→reply accepted p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms; "
                        + "%d typing calls; %d refused%n",
                name, count, users, perSecond > 0 ? " at " + perSecond + " msg/s" : " queued at once",
                count / seconds, pct(micros, 50) / 1e3, pct(micros, 90) / 1e3, pct(micros, 99) / 1e3, micros[micros.length - 1] / 1e3,
                typingCalls, rejections);
    }

    private static void awaitLogin(IlinkChannel channel, BotBinding binding) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!channel.account().map(Account::token).map(binding.token()::equals).orElse(false)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the channel did not log in");
            }
            Thread.sleep(10);
        }
    }

    private static long pct(long[] sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private IlinkBench() {
    }
}
