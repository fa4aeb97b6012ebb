package io.cow.bench.wechaty;

import io.cow.testkit.openai.FakeOpenAi;
import io.cow.testkit.wechaty.PuppetPeer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Load harness of the wechaty channel: the bot ({@code cow.jar}, default settings, its own JVM) on the real Wechaty
 * puppet service from npm (PuppetServer + PuppetMock), with a model that answers at once (the fake OpenAI API in this
 * JVM). A burst of private messages from many contacts goes in as fast as the service emits them; each reply's
 * latency is measured inside the service, from the message's creation to the bot's {@code MessageSendText}.
 * Reports replies/s, latency percentiles, and the bot's CPU time and peak resident memory from /proc.
 *
 * <p>Run from the repository root (Linux; needs Node.js and {@code .ci/prepare.d/wechaty-npm.sh} run once):
 * <pre>
 * bench/run io.cow.bench.wechaty.WechatyBench --messages 2000 --contacts 50
 * </pre>
 * Options: {@code --messages N}, {@code --contacts N}, {@code --jar PATH} (default app/target/cow.jar),
 * {@code --warmup N} (a first burst of N messages that is not measured; none by default),
 * {@code --java-opts "..."} (extra JVM options for the bot; none by default).
 */
public final class WechatyBench {

    private static final String TOKEN = "insecure_cow-bench";
    private static final String KEYWORD = "Hi bot:";

    private WechatyBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int messages = Integer.parseInt(options.getOrDefault("messages", "2000"));
        int contactCount = Integer.parseInt(options.getOrDefault("contacts", "50"));
        Path jar = Path.of(options.getOrDefault("jar", "app/target/cow.jar")).toAbsolutePath();
        String javaOpts = options.getOrDefault("java-opts", "");
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "0"));
        if (!Files.isRegularFile(jar)) {
            fail("no bot jar at " + jar + "; bench/run builds it (or: mvn -B -q -DskipTests -DskipPrepare=true -pl bench -am package)");
        }
        PuppetPeer.unavailableReason().ifPresent(reason -> fail("the Wechaty puppet service cannot run: " + reason));

        Path work = Files.createTempDirectory("cow-wechaty-bench");
        List<String> contacts = new ArrayList<>();
        for (int i = 1; i <= contactCount; i++) {
            contacts.add("contact" + i);
        }
        try (FakeOpenAi model = FakeOpenAi.start();
             PuppetPeer peer = PuppetPeer.start(new PuppetPeer.Options(PuppetPeer.freePort(), TOKEN, false, false, work.resolve("home")))) {
            peer.self("bot", "Bot");
            for (String id : contacts) {
                peer.contact(id, "Contact " + id.substring("contact".length()));
            }
            Process bot = startBot(jar, javaOpts, work, peer, model);
            try {
                Path log = work.resolve("bot.log");
                awaitLog(bot, log, "🎯 Trigger keyword in group chat is:", Duration.ofMinutes(2));
                if (warmup > 0) {
                    peer.burst(contacts, "bot", warmup, KEYWORD + " warm-up");
                    peer.awaitBurst(Duration.ofMinutes(10));
                }
                Map<String, Long> threadsBefore = threadTicks(bot.pid());
                long cpuBefore = cpuTicks(bot.pid());
                long serviceCpuBefore = cpuTicks(peer.pid());
                long started = System.nanoTime();
                peer.burst(contacts, "bot", messages, KEYWORD + " question");
                PuppetPeer.Burst burst = peer.awaitBurst(Duration.ofMinutes(10));
                long wallNanos = System.nanoTime() - started;
                long cpuAfter = cpuTicks(bot.pid());
                long serviceCpu = cpuTicks(peer.pid()) - serviceCpuBefore;
                Map<String, String> status = procStatus(bot.pid());
                report(messages, contactCount, burst, wallNanos, cpuAfter - cpuBefore, cpuAfter, status, jar, javaOpts, log);
                printBusiestThreads(threadsBefore, threadTicks(bot.pid()));
                System.out.printf(Locale.ROOT, "puppet service (Node) CPU       : %.2f s during the burst%n", serviceCpu / (double) clockTicksPerSecond());
            } finally {
                bot.destroy();
                if (!bot.waitFor(30, TimeUnit.SECONDS)) {
                    bot.destroyForcibly();
                }
            }
        }
    }

    private static Process startBot(Path jar, String javaOpts, Path work, PuppetPeer peer, FakeOpenAi model) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (!javaOpts.isBlank()) {
            command.addAll(List.of(javaOpts.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("bot.log").toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("OPENAI_") || k.startsWith("COW_") || k.startsWith("CHATGPT_") || k.startsWith("WECHATY_"));
        env.put("OPENAI_API_KEY", "sk-bench");
        env.put("OPENAI_BASE_URL", model.baseUrl());
        env.put("CHATGPT_TRIGGER_KEYWORD", KEYWORD);
        env.put("COW_CHANNEL", "wechaty");
        env.put("COW_DATA_DIR", work.resolve("data").toString());
        env.put("WECHATY_PUPPET_SERVICE_TOKEN", TOKEN);
        env.put("WECHATY_PUPPET_SERVICE_ENDPOINT", peer.endpoint());
        env.put("WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT", "true");
        return builder.start();
    }

    private static void awaitLog(Process bot, Path log, String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
                return;
            }
            if (!bot.isAlive()) {
                fail("the bot exited with " + bot.exitValue() + ":\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
            Thread.sleep(50);
        }
        fail("the bot did not log \"" + text + "\" within " + timeout + ":\n" + Files.readString(log, StandardCharsets.UTF_8));
    }

    /** utime + stime of a process, in clock ticks (/proc/PID/stat fields 14 and 15). */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** CPU ticks per thread name (threads of one pool are added up: "answer-1", "answer-2" count as "answer-N"). */
    private static Map<String, Long> threadTicks(long pid) throws IOException {
        Map<String, Long> ticks = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("\\d+", "N");
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.merge(name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
                } catch (IOException threadEnded) {
                    // the thread ended between listing and reading
                }
            }
        }
        return ticks;
    }

    private static void printBusiestThreads(Map<String, Long> before, Map<String, Long> after) {
        double tick = 1.0 / clockTicksPerSecond();
        StringBuilder line = new StringBuilder("bot CPU by thread (burst)       :");
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .limit(8)
                .forEach(e -> line.append(String.format(Locale.ROOT, " %s %.2fs;", e.getKey(), e.getValue() * tick)));
        System.out.println(line);
    }

    private static Map<String, String> procStatus(long pid) throws IOException {
        Map<String, String> status = new HashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                status.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return status;
    }

    private static long clockTicksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            p.waitFor(5, TimeUnit.SECONDS);
            return Long.parseLong(out);
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    private static void report(int messages, int contacts, PuppetPeer.Burst burst, long wallNanos, long cpuTicksDuring,
                               long cpuTicksTotal, Map<String, String> status, Path jar, String javaOpts, Path log) throws IOException {
        List<Double> sorted = new ArrayList<>(burst.latenciesMs());
        sorted.sort(Double::compare);
        double tick = 1.0 / clockTicksPerSecond();
        double cpuDuring = cpuTicksDuring * tick;
        long replied = Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> l.contains("🤖 Replied to")).count();
        PrintLines out = new PrintLines(System.out);
        out.line("Wechaty channel load: %d private messages from %d contacts, instant model, bot = %s %s", messages, contacts,
                jar.getFileName(), javaOpts.isBlank() ? "(default JVM and bot settings)" : javaOpts);
        out.line("replies received by the service : %d (bot logged %d replies)", burst.count(), replied);
        out.line("replies/s                       : %.0f (first message to last reply, %.0f ms)", burst.count() * 1000.0 / burst.elapsedMs(), burst.elapsedMs());
        out.line("latency message -> reply (ms)   : p50 %.1f, p90 %.1f, p99 %.1f, max %.1f", percentile(sorted, 50),
                percentile(sorted, 90), percentile(sorted, 99), sorted.get(sorted.size() - 1));
        out.line("bot CPU during the burst        : %.2f s (%.3f CPU-s per 1,000 messages); since the JVM started: %.2f s",
                cpuDuring, cpuDuring * 1000 / messages, cpuTicksTotal * tick);
        out.line("bot peak RSS (VmHWM)            : %s (VmRSS at the end: %s)", mib(status.get("VmHWM")), mib(status.get("VmRSS")));
        out.line("harness wall time of the burst  : %.0f ms", wallNanos / 1e6);
    }

    private static String mib(String kb) {
        if (kb == null) {
            return "(unknown)";
        }
        long value = Long.parseLong(kb.replace("kB", "").trim());
        return String.format(Locale.ROOT, "%.1f MiB", value / 1024.0);
    }

    private static double percentile(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                fail("usage: WechatyBench [--messages N] [--contacts N] [--jar PATH] [--java-opts \"...\"]");
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    private static void fail(String message) {
        System.err.println("wechaty bench: " + message);
        System.exit(2);
    }

    /** Formats report lines with a fixed locale. */
    private record PrintLines(OutputStream out) {
        void line(String format, Object... args) {
            try {
                out.write((String.format(Locale.ROOT, format, args) + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
