package io.cow.bench.pipeline;

import dev.langchain4j.data.message.ChatMessage;
import io.cow.core.message.Chat;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.Sender;
import io.cow.core.model.Answer;
import io.cow.core.model.Answerer;
import io.cow.core.pipeline.Bot;
import io.cow.testkit.openai.FakeOpenAi;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The model path: the bot in this JVM asking the fake OpenAI API over HTTP through the real LangChain4j client.
 *
 * <ul>
 *   <li>{@code slow}: a model that takes 1,000 ms per answer, 500 messages at 100 per second (DESIGN.md's "a 1 s
 *       model" target): message → answer percentiles and answers per second, twice: from 50 busy groups, each
 *       message from another member (many contacts: each question its own conversation), and from 50 private chats
 *       (ten questions per person, two a second, which one conversation answers one after another).</li>
 *   <li>{@code cost}: a model that answers at once (a 120-character answer, streamed), 3,000 messages from 500 chats
 *       at 100 per second after a warm-up: CPU per 1,000 messages and bytes allocated per message by the bot's
 *       threads (every thread but the fake server's), and the whole process's CPU for comparison.</li>
 * </ul>
 *
 * <p>Run: {@code bench/run io.cow.bench.pipeline.ModelBench [slow|cost|all] [KEY=VALUE...]}; the pairs are more
 * environment settings for the bot, e.g. {@code COW_MODEL_STREAMING=false}.
 */
public final class ModelBench {

    private static final String ANSWER = "Sure! 这是一个简短的回答，用来测量模型路径的开销。"
            + "It mixes English and 中文 text, like real answers in WeChat chats do, and ends here.";

    public static void main(String[] args) throws Exception {
        String mode = args.length == 0 ? "all" : args[0];
        Map<String, String> env = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            env.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        if (mode.equals("slow") || mode.equals("all")) {
            slowModel(env, true);
            slowModel(env, false);
        }
        if (mode.equals("cost") || mode.equals("all")) {
            cost(env);
        }
        if (mode.equals("cost-http")) {
            costOverHttp(env);
        }
        System.exit(0);
    }

    /** 500 messages from 50 chats at 100/s to a model that takes a second per answer. */
    private static void slowModel(Map<String, String> extraEnv, boolean groups) throws Exception {
        try (FakeOpenAi fake = FakeOpenAi.start()) {
            fake.answerWith("ok");
            TimingChannel channel = new TimingChannel();
            try (Bot bot = PipelineBench.bot(channel, null, env(fake, extraEnv))) {
                warmUp(channel, bot, 200);
                fake.latency(Duration.ofMillis(1_000));
                int count = 500;
                long[] delivered = deliverAtRate(channel, count, 50, 100, groups);
                bot.awaitIdle(Duration.ofMinutes(10));
                long[] millis = new long[count];
                long lastAnswer = 0;
                int answered = 0;
                for (int n = 0; n < count; n++) {
                    Long sent = channel.firstSendNanos.get("m" + n);
                    if (sent != null) {
                        answered++;
                        lastAnswer = Math.max(lastAnswer, sent);
                        millis[n] = (sent - delivered[n]) / 1_000_000;
                    } else {
                        millis[n] = Long.MAX_VALUE;
                    }
                }
                Arrays.sort(millis);
                double seconds = (lastAnswer - delivered[0]) / 1e9;
                System.out.printf(Locale.ROOT, "slow model (1,000 ms), %d messages from 50 %s at 100/s: %d answered; "
                                + "message -> answer p50 %d ms, p99 %d ms, max %d ms; %.1f answers/s (first message to last answer %.1f s)%n",
                        count, groups ? "groups (each from another member)" : "private chats (10 each)", answered, PipelineBench.pct(millis, 50), PipelineBench.pct(millis, 99), millis[count - 1],
                        answered / seconds, seconds);
            }
        }
    }

    /**
     * CPU and allocations at 100 messages/s with a model that answers at once: the bot asking the fake server over
     * HTTP, then the same bot with the same answer streamed by a model in this JVM. The model path is the difference:
     * what asking over HTTP costs on top of the rest of the bot (intake, store, memory, replies, logs).
     */
    private static void cost(Map<String, String> extraEnv) throws Exception {
        Cost overHttp = costOverHttp(extraEnv);
        Cost inProcess = cost(ModelBench::streamInProcess, extraEnv);
        System.out.printf(Locale.ROOT, "the same, model in this JVM (no HTTP): %d answered; bot threads %.3f CPU-s per 1,000 messages, "
                        + "%.1f KB allocated per message%n", inProcess.answered, inProcess.cpuPerThousand, inProcess.kbPerMessage);
        System.out.println("bot threads by CPU: " + inProcess.busiest);
        System.out.printf(Locale.ROOT, "model path alone (over HTTP minus in this JVM): %.3f CPU-s per 1,000 messages, %.1f KB allocated per message%n",
                overHttp.cpuPerThousand - inProcess.cpuPerThousand, overHttp.kbPerMessage - inProcess.kbPerMessage);
    }

    /** The first half of {@code cost} alone (mode {@code cost-http}, e.g. to profile it). */
    private static Cost costOverHttp(Map<String, String> extraEnv) throws Exception {
        Cost overHttp;
        try (FakeOpenAi fake = FakeOpenAi.start()) {
            fake.answerWith(ANSWER);
            overHttp = cost(null, env(fake, extraEnv));
        }
        System.out.printf(Locale.ROOT, "model path, 3000 messages from 500 chats at 100/s, instant streamed model over HTTP: "
                        + "%d answered; bot threads %.3f CPU-s per 1,000 messages, %.1f KB allocated per message; "
                        + "whole process (bot, fake model, GC, JIT) %.3f CPU-s per 1,000 messages%n",
                overHttp.answered, overHttp.cpuPerThousand, overHttp.kbPerMessage, overHttp.processPerThousand);
        System.out.println("bot threads by CPU: " + overHttp.busiest);
        return overHttp;
    }

    private record Cost(long answered, double cpuPerThousand, double kbPerMessage, double processPerThousand, String busiest) {
    }

    private static Cost cost(Answerer answerer, Map<String, String> env) throws Exception {
        TimingChannel channel = new TimingChannel();
        try (Bot bot = PipelineBench.bot(channel, answerer, env)) {
            warmUp(channel, bot, 3_000);
            int count = 3_000;
            Threads before = Threads.now();
            long processBefore = PipelineBench.processCpuNanos();
            deliverAtRate(channel, count, 500, 100, false);
            bot.awaitIdle(Duration.ofMinutes(10));
            long process = PipelineBench.processCpuNanos() - processBefore;
            Threads after = Threads.now();
            long answered = channel.firstSendNanos.keySet().stream().filter(id -> id.startsWith("m")).count();
            return new Cost(answered, after.botCpuNanos(before) / 1e9 / count * 1_000, after.botAllocatedBytes(before) / 1024.0 / count,
                    process / 1e9 / count * 1_000, after.busiest(before));
        }
    }

    /** The bench answer streamed in pieces of up to four characters, as the fake server streams it, with usage. */
    private static Answer streamInProcess(List<ChatMessage> messages, Consumer<String> onPartial) {
        for (int i = 0; i < ANSWER.length(); i += 4) {
            onPartial.accept(ANSWER.substring(i, Math.min(ANSWER.length(), i + 4)));
        }
        return new Answer(ANSWER, 40, 30);
    }

    private static Map<String, String> env(FakeOpenAi fake, Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>(Map.of("OPENAI_BASE_URL", fake.baseUrl()));
        env.putAll(extraEnv);
        return env;
    }

    private static long[] deliverAtRate(TimingChannel channel, int count, int chats, int perSecond, boolean groups) {
        long[] delivered = new long[count];
        long start = System.nanoTime();
        long interval = 1_000_000_000L / perSecond;
        for (int n = 0; n < count; n++) {
            long due = start + n * interval;
            while (System.nanoTime() < due) {
                LockSupport.parkNanos(due - System.nanoTime());
            }
            delivered[n] = System.nanoTime();
            channel.deliver(groups ? groupMessage(n, chats) : PipelineBench.message(n, chats));
        }
        return delivered;
    }

    /** Message {@code n} in one of the groups, from a member of its own, mentioning the bot. */
    private static IncomingMessage groupMessage(int n, int groups) {
        String group = "group-" + n % groups;
        return IncomingMessage.text("bench", "m" + n, Chat.group(group, group), Sender.person("member-" + n, "member " + n),
                "@Bot question " + n).botNames("Bot").createdAt(Instant.now()).build();
    }

    private static void warmUp(TimingChannel channel, Bot bot, int count) throws Exception {
        for (int n = 0; n < count; n++) {
            String chat = "warm-" + n % 1_000;
            channel.deliver(IncomingMessage.text("bench", "warm" + n, Chat.privateChat(chat, chat), Sender.person(chat, chat),
                    "warm up " + n).createdAt(Instant.now()).build());
        }
        bot.awaitIdle(Duration.ofMinutes(5));
    }

    /** CPU time and allocated bytes of every live thread, by thread id, with the fake server's threads apart. */
    private record Threads(Map<Long, String> names, Map<Long, Long> cpu, Map<Long, Long> allocated) {

        static Threads now() {
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long[] ids = mx.getAllThreadIds();
            long[] bytes = mx.getThreadAllocatedBytes(ids);
            Map<Long, String> names = new HashMap<>();
            Map<Long, Long> cpu = new HashMap<>();
            Map<Long, Long> allocated = new HashMap<>();
            var infos = mx.getThreadInfo(ids);
            for (int i = 0; i < ids.length; i++) {
                if (infos[i] == null) {
                    continue;
                }
                names.put(ids[i], infos[i].getThreadName());
                cpu.put(ids[i], Math.max(0, mx.getThreadCpuTime(ids[i])));
                allocated.put(ids[i], Math.max(0, bytes[i]));
            }
            return new Threads(names, cpu, allocated);
        }

        boolean isBot(long id) {
            return !names.get(id).startsWith(FakeOpenAi.THREAD_NAME);
        }

        long botCpuNanos(Threads before) {
            return sum(cpu, before.cpu);
        }

        long botAllocatedBytes(Threads before) {
            return sum(allocated, before.allocated);
        }

        private long sum(Map<Long, Long> now, Map<Long, Long> then) {
            long total = 0;
            for (Map.Entry<Long, Long> e : now.entrySet()) {
                if (isBot(e.getKey())) {
                    total += e.getValue() - then.getOrDefault(e.getKey(), 0L);
                }
            }
            return total;
        }

        String busiest(Threads before) {
            Map<String, Long> byName = new HashMap<>();
            cpu.forEach((id, nanos) -> {
                if (isBot(id)) {
                    byName.merge(names.get(id).replaceAll("\\d+", "N"), nanos - before.cpu.getOrDefault(id, 0L), Long::sum);
                }
            });
            StringBuilder line = new StringBuilder();
            byName.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                    .forEach(e -> line.append(String.format(Locale.ROOT, "%s %.2fs; ", e.getKey(), e.getValue() / 1e9)));
            return line.toString();
        }
    }

    private ModelBench() {
    }
}
