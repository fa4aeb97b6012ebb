package io.cow.bench.wechaty;

import io.cow.bench.process.BotLaunch;
import io.cow.bench.process.ChildProcesses;
import io.cow.bench.process.ContextSwitches;
import io.cow.bench.process.HarnessConsole;
import io.cow.bench.process.ProcStats;
import io.cow.testkit.openai.FakeOpenAi;
import io.cow.testkit.wechaty.PuppetPeer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Load harness of the wechaty channel: the bot ({@code cow.jar} in its own JVM, launched as the launchers do it:
 * {@code java @deploy/jvm.options -jar cow.jar}, default bot settings) on the real Wechaty puppet service from npm
 * (PuppetServer + PuppetMock), with a model that answers at once (the fake OpenAI API in this JVM). Private messages
 * from many contacts go in, as fast as the service emits them or at a set rate; each reply's latency is measured
 * inside the service, from the message's creation to the bot's {@code MessageSendText}. Reports replies/s, latency
 * percentiles, and the bot's CPU time (by thread) and peak resident memory from /proc.
 *
 * <p>With {@code --baseline true} the same load first goes to a bare echo client ({@link BareEchoClient}: event,
 * payload, send, nothing else) on a fresh service, and the report adds the bot's latency over it: what the bot adds
 * to what the transport itself costs.
 *
 * <p>Run from the repository root (Linux; needs Node.js and {@code .ci/prepare.d/wechaty-npm.sh} run once):
 * <pre>
 * bench/run io.cow.bench.wechaty.WechatyBench --messages 2000 --contacts 50
 * bench/run io.cow.bench.wechaty.WechatyBench --messages 3000 --contacts 50 --warmup 2000 --rate 100 --baseline true
 * </pre>
 * Options: {@code --messages N}, {@code --contacts N}, {@code --jar PATH} (default app/target/cow.jar),
 * {@code --warmup N} (a first burst of N messages that is not measured; none by default), {@code --rate R}
 * (messages per second; 0, the default, is as fast as the service emits them), {@code --baseline true|false},
 * {@code --model-latency MS} (the fake model waits this long before each answer; 0, the default, answers at once),
 * {@code --jvm-options FILE|none} (the launchers' options file, default deploy/jvm.options; none runs the JVM with
 * its own defaults), {@code --java-opts "..."} (more JVM options, after the file's, as {@code COW_JAVA_OPTS}), {@code --env K=V,K2=V2}
 * (more environment variables for the bot), {@code --smaps FILE} (a copy of the bot's /proc/PID/smaps after the burst), {@code --histogram FILE} (the bot's heap
 * histogram after the burst, from jcmd).
 * The bot and the Node service are stopped when the harness ends, also when it is interrupted.
 */
public final class WechatyBench {

    private static final HarnessConsole OUT = new HarnessConsole("wechaty bench",
            "WechatyBench [--messages N] [--contacts N] [--warmup N] [--rate R] [--baseline true|false] [--model-latency MS] "
                    + "[--jar PATH] [--jvm-options FILE|none] [--java-opts \"...\"] [--env K=V,...]");

    private static final String TOKEN = "insecure_cow-bench";
    private static final String KEYWORD = "Hi bot:";
    private static final Duration BURST_TIMEOUT = Duration.ofMinutes(10);

    private WechatyBench() {
    }

    /** A measured burst: latencies seen by the service, and the client's CPU and memory (NaN for the bare client). */
    private record Result(PuppetPeer.Burst burst, double cpuSeconds, double serviceCpuSeconds, String busiestThreads,
                          long contextSwitches, long involuntarySwitches, String busiestSwitchers, Map<String, String> status) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = OUT.options(args);
        int messages = Integer.parseInt(options.getOrDefault("messages", "2000"));
        int contactCount = Integer.parseInt(options.getOrDefault("contacts", "50"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "0"));
        double rate = Double.parseDouble(options.getOrDefault("rate", "0"));
        boolean baseline = Boolean.parseBoolean(options.getOrDefault("baseline", "false"));
        long modelLatencyMs = Long.parseLong(options.getOrDefault("model-latency", "0"));
        Path jar = Path.of(options.getOrDefault("jar", "app/target/cow.jar")).toAbsolutePath();
        BotLaunch launch = BotLaunch.of(jar, options.get("jvm-options"), options.getOrDefault("java-opts", ""));
        if (!Files.isRegularFile(jar)) {
            OUT.fail("no bot jar at " + jar + "; bench/run builds it (or: mvn -B -q -DskipTests -DskipPrepare=true -pl bench -am package)");
        }
        PuppetPeer.unavailableReason().ifPresent(reason -> OUT.fail("the Wechaty puppet service cannot run: " + reason));
        List<String> contacts = new ArrayList<>();
        for (int i = 1; i <= contactCount; i++) {
            contacts.add("contact" + i);
        }
        Load load = new Load(contacts, messages, warmup, rate);

        Result bare = baseline ? runBare(load) : null;
        Path work = Files.createTempDirectory("cow-wechaty-bench");
        try (FakeOpenAi model = FakeOpenAi.start(); PuppetPeer peer = startPeer(work, contacts)) {
            model.latency(Duration.ofMillis(modelLatencyMs));
            Process bot = ChildProcesses.register(startBot(launch, work, peer, model, options.getOrDefault("env", "")));
            try {
                Path log = work.resolve("bot.log");
                awaitLog(bot, log, "🎯 Trigger keyword in group chat is:", Duration.ofMinutes(2));
                Result result = load.run(peer, bot.pid());
                long replied = Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> l.contains("🤖 Replied to")).count();
                report(load, launch, modelLatencyMs, result, replied, ProcStats.cpuSeconds(bot.pid()));
                if (options.containsKey("histogram")) {
                    new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(bot.pid()),
                            "GC.class_histogram").redirectErrorStream(true).redirectOutput(Path.of(options.get("histogram")).toFile())
                            .start().waitFor();
                }
                if (options.containsKey("smaps")) {
                    Files.copy(Path.of("/proc/" + bot.pid() + "/smaps"), Path.of(options.get("smaps")),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                if (bare != null) {
                    reportBaseline(bare, result);
                }
            } finally {
                ChildProcesses.stop(bot.toHandle(), 30_000);
            }
        }
    }

    /** What goes in: a warm-up burst, then the measured one, from these contacts, at this rate (0: at once). */
    private record Load(List<String> contacts, int messages, int warmup, double rate) {

        Result run(PuppetPeer peer, long clientPid) throws IOException {
            if (warmup > 0) {
                peer.burst(contacts, "bot", warmup, KEYWORD + " warm-up", rate);
                peer.awaitBurst(BURST_TIMEOUT);
            }
            Map<String, Double> threadsBefore = clientPid > 0 ? ProcStats.cpuSecondsByThread(clientPid) : Map.of();
            double cpuBefore = clientPid > 0 ? ProcStats.cpuSeconds(clientPid) : Double.NaN;
            double serviceBefore = ProcStats.cpuSeconds(peer.pid());
            try (ContextSwitches switches = clientPid > 0 ? new ContextSwitches(clientPid, 100) : null) {
                Map<String, Long> switchesBefore = switches == null ? Map.of() : switches.byThreadName();
                long switchesBeforeTotal = switches == null ? 0 : switches.total();
                long involuntaryBefore = switches == null ? 0 : switches.involuntary();
                peer.burst(contacts, "bot", messages, KEYWORD + " question", rate);
                PuppetPeer.Burst burst = peer.awaitBurst(BURST_TIMEOUT);
                double serviceCpu = ProcStats.cpuSeconds(peer.pid()) - serviceBefore;
                if (clientPid <= 0) {
                    return new Result(burst, Double.NaN, serviceCpu, "", -1, -1, "", Map.of());
                }
                double cpu = ProcStats.cpuSeconds(clientPid) - cpuBefore;
                long switched = switches.total() - switchesBeforeTotal;
                long involuntary = switches.involuntary() - involuntaryBefore;
                String busiestSwitchers = ContextSwitches.busiest(switchesBefore, switches.byThreadName(), 9);
                String busiest = ProcStats.busiest(threadsBefore, ProcStats.cpuSecondsByThread(clientPid), 9);
                return new Result(burst, cpu, serviceCpu, busiest, switched, involuntary, busiestSwitchers, ProcStats.status(clientPid));
            }
        }

        String describe() {
            return String.format(Locale.ROOT, "%d private messages from %d contacts, %s%s", messages, contacts.size(),
                    rate > 0 ? String.format(Locale.ROOT, "%.0f per second", rate) : "as fast as the service emits them",
                    warmup > 0 ? " after a warm-up of " + warmup : "");
        }
    }

    private static PuppetPeer startPeer(Path work, List<String> contacts) {
        PuppetPeer peer = PuppetPeer.start(new PuppetPeer.Options(PuppetPeer.freePort(), TOKEN, false, false, work.resolve("home")));
        ChildProcesses.register(peer.pid());
        peer.self("bot", "Bot");
        for (String id : contacts) {
            peer.contact(id, "Contact " + id.substring("contact".length()));
        }
        return peer;
    }

    private static Result runBare(Load load) throws Exception {
        Path work = Files.createTempDirectory("cow-wechaty-bench-bare");
        try (PuppetPeer peer = startPeer(work, load.contacts());
             BareEchoClient client = new BareEchoClient(peer.endpoint(), TOKEN)) {
            client.start();
            return load.run(peer, 0);
        }
    }

    private static Process startBot(BotLaunch launch, Path work, PuppetPeer peer, FakeOpenAi model, String extraEnv) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(launch.command()).directory(work.toFile())
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
        // Not the console's fixed default port: other bots (tests, other benches) may be running on this machine.
        env.put("COW_CONSOLE_PORT", "0");
        for (String pair : extraEnv.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                env.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return builder.start();
    }

    private static void awaitLog(Process bot, Path log, String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
                return;
            }
            if (!bot.isAlive()) {
                OUT.fail("the bot exited with " + bot.exitValue() + ":\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
            Thread.sleep(50);
        }
        OUT.fail("the bot did not log \"" + text + "\" within " + timeout + ":\n" + Files.readString(log, StandardCharsets.UTF_8));
    }

    private static void report(Load load, BotLaunch launch, long modelLatencyMs, Result r, long replied, double cpuSinceStart) {
        List<Double> sorted = sorted(r.burst());
        OUT.line("Wechaty channel load: %s; %s; bot = %s, %s", load.describe(),
                modelLatencyMs == 0 ? "instant model" : "model latency " + modelLatencyMs + " ms", launch.jar().getFileName(), launch.describe());
        OUT.line("replies received by the service : %d (bot logged %d replies)", r.burst().count(), replied);
        OUT.line("replies/s                       : %.0f (first message to last reply, %.0f ms)",
                r.burst().count() * 1000.0 / r.burst().elapsedMs(), r.burst().elapsedMs());
        OUT.line("latency message -> reply (ms)   : %s", percentiles(sorted));
        OUT.line("bot CPU during the burst        : %.2f s (%.3f CPU-s per 1,000 messages); since the JVM started: %.2f s",
                r.cpuSeconds(), r.cpuSeconds() * 1000 / load.messages(), cpuSinceStart);
        OUT.line("bot peak RSS (VmHWM)            : %.1f MiB (at the end: VmRSS %.1f MiB = anonymous %.1f + files %.1f; %s threads)",
                ProcStats.mib(r.status().get("VmHWM")), ProcStats.mib(r.status().get("VmRSS")), ProcStats.mib(r.status().get("RssAnon")),
                ProcStats.mib(r.status().get("RssFile")), r.status().get("Threads"));
        OUT.line("bot context switches            : %d (%.1f per message; voluntary + involuntary, all threads; involuntary %.1f per message)",
                r.contextSwitches(), r.contextSwitches() / (double) load.messages(), r.involuntarySwitches() / (double) load.messages());
        OUT.line("bot CPU by thread (burst)       :%s", r.busiestThreads());
        OUT.line("bot switches by thread (burst)  :%s", r.busiestSwitchers());
        OUT.line("puppet service (Node) CPU       : %.2f s during the burst", r.serviceCpuSeconds());
    }

    private static void reportBaseline(Result bare, Result bot) {
        List<Double> b = sorted(bare.burst());
        List<Double> s = sorted(bot.burst());
        OUT.line("bare echo client latency (ms)   : %s (same load, fresh service)", percentiles(b));
        OUT.line("added by the bot (ms)           : p50 %+.1f, p90 %+.1f, p99 %+.1f",
                percentile(s, 50) - percentile(b, 50), percentile(s, 90) - percentile(b, 90), percentile(s, 99) - percentile(b, 99));
    }

    private static List<Double> sorted(PuppetPeer.Burst burst) {
        List<Double> sorted = new ArrayList<>(burst.latenciesMs());
        sorted.sort(Double::compare);
        return sorted;
    }

    private static String percentiles(List<Double> sorted) {
        return String.format(Locale.ROOT, "p50 %.1f, p90 %.1f, p99 %.1f, max %.1f", percentile(sorted, 50),
                percentile(sorted, 90), percentile(sorted, 99), sorted.get(sorted.size() - 1));
    }

    private static double percentile(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

}
