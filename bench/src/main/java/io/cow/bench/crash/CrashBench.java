package io.cow.bench.crash;

import io.cow.bench.process.BotLaunch;
import io.cow.bench.process.HarnessConsole;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Crash harness: {@link CrashRun} with kill -9 and with SIGTERM, on any jar of the bot (so an old release and the
 * current build can be compared on the same machine, one after the other).
 *
 * <p>Run from the repository root: {@code bench/run io.cow.bench.crash.CrashBench [options]}. Options:
 * {@code --jar PATH} (default app/target/cow.jar), {@code --stop kill|term|both} (default both), {@code --messages 400},
 * {@code --chats 20}, {@code --rate 10} (per second), {@code --rounds 3}, {@code --model-latency 0ms} (e.g. 1s),
 * {@code --seed 1}, {@code --runs 1} (more runs use the seeds after it), {@code --parallel false} (kill and SIGTERM
 * runs side by side), {@code --send-interval DURATION} (the bot's web.sendInterval; default: the bot's default),
 * {@code --jvm-options FILE|none}, {@code --java-opts "..."}, {@code --verbose true}.
 */
public final class CrashBench {

    private static final HarnessConsole OUT = new HarnessConsole("crash bench",
            "CrashBench [--jar PATH] [--stop kill|term|both] [--messages N] [--chats N] [--rate N] [--rounds N] "
                    + "[--model-latency 1s] [--seed N] [--runs N] [--parallel true] [--send-interval 500ms]");

    private CrashBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = OUT.options(args);
        Path jar = Path.of(o.getOrDefault("jar", "app/target/cow.jar"));
        if (!Files.isRegularFile(jar)) {
            OUT.fail("no bot jar at " + jar.toAbsolutePath() + "; bench/run builds it");
        }
        BotLaunch launch = BotLaunch.of(jar, o.get("jvm-options"), o.getOrDefault("java-opts", ""));
        String stops = o.getOrDefault("stop", "both");
        List<CrashRun.Stop> kinds = switch (stops) {
            case "kill" -> List.of(CrashRun.Stop.KILL);
            case "term" -> List.of(CrashRun.Stop.TERM);
            case "both" -> List.of(CrashRun.Stop.KILL, CrashRun.Stop.TERM);
            default -> throw new IllegalArgumentException("--stop: kill, term or both");
        };
        int runs = Integer.parseInt(o.getOrDefault("runs", "1"));
        long seed = Long.parseLong(o.getOrDefault("seed", "1"));
        boolean verbose = Boolean.parseBoolean(o.getOrDefault("verbose", "false"));
        List<CrashRun.Options> all = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            for (CrashRun.Stop kind : kinds) {
                CrashRun.Options options = CrashRun.Options.standard(launch, kind, seed + run)
                        .load(Integer.parseInt(o.getOrDefault("messages", "400")), Integer.parseInt(o.getOrDefault("chats", "20")),
                                Double.parseDouble(o.getOrDefault("rate", "10")),
                                Duration.parse("PT" + o.getOrDefault("model-latency", "0s").toUpperCase(java.util.Locale.ROOT)));
                if (o.containsKey("rounds")) {
                    options = new CrashRun.Options(options.launch(), options.messages(), options.chats(), options.rate(),
                            Integer.parseInt(o.get("rounds")), kind, options.modelLatency(), options.seed(), options.minUp(),
                            options.maxUp(), options.quiet(), options.env(), options.progress());
                }
                if (o.containsKey("send-interval")) {
                    options = options.with(Map.of("COW_WEB_SEND_INTERVAL", o.get("send-interval")));
                }
                String tag = kind + " seed " + (seed + run) + ": ";
                all.add(verbose ? options.progress(line -> System.err.println(tag + line)) : options);
            }
        }
        OUT.line("Crash runs of %s (%s): web simulator, default settings%s", jar, launch.describe(),
                o.containsKey("send-interval") ? " but web.sendInterval " + o.get("send-interval") : "");
        ExecutorService pool = Executors.newFixedThreadPool(Boolean.parseBoolean(o.getOrDefault("parallel", "false")) ? all.size() : 1);
        List<Future<CrashRun.Result>> results = new ArrayList<>();
        for (CrashRun.Options options : all) {
            results.add(pool.submit(() -> CrashRun.run(options)));
        }
        for (int i = 0; i < all.size(); i++) {
            CrashRun.Options options = all.get(i);
            CrashRun.Result r = results.get(i).get();
            OUT.line("%s (seed %d, %d msg from %d chats at %.0f/s, model %s): %s; logs %s", options.stop(), options.seed(),
                    options.messages(), options.chats(), options.rate(), options.modelLatency(), r.summary(), r.logs());
        }
        pool.shutdown();
        System.exit(0);
    }
}
