package io.cow.bench.cluster;

import io.cow.bench.process.BotLaunch;
import io.cow.bench.process.ChildProcesses;
import io.cow.bench.process.HarnessConsole;
import io.cow.bench.process.ProcStats;
import io.cow.testkit.ilink.IlinkSimulator;
import io.cow.testkit.ilink.QrCode;
import io.cow.testkit.openai.FakeOpenAi;
import io.cow.testkit.store.TestPostgres;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * {@code cow run} workers ({@code cow.jar}, each its own JVM, launched as the launchers do) with {@code cluster.enabled}
 * on one PostgreSQL (embedded, flushing to disk as in production) and the iLink simulator, with an instant fake model:
 * <ul>
 *   <li>{@code capacity}: one worker with N accounts, each getting a steady {@code --rate} messages a second from 50 of
 *   its contacts in turn: latency from a message queued on the server to its reply accepted (p50/p99), and the worker's RSS with
 *   N accounts logged in (before the load) and after the load; N grows through {@code --accounts} (until messages go
 *   unanswered); the figure is the largest N up to which every step kept p99 within 100 ms. The RSS per added account
 *   is the slope of a least-squares line through the idle RSS.</li>
 *   <li>{@code failover}: two workers, one account; the worker holding it is killed with SIGKILL while someone new
 *   writes to the account every 100 ms: the time from the kill to the first answer from the other worker, {@code --runs} times (a new
 *   worker replaces the killed one each time), median.</li>
 * </ul>
 * Run: {@code bench/run io.cow.bench.cluster.ClusterBench [--mode capacity|failover|all] [--accounts 1,4,8,16,32]
 * [--rate 10] [--seconds 20] [--runs 5] [--lease-ttl 30s] [--jar app/target/cow.jar]}.
 */
public final class ClusterBench {

    private static final HarnessConsole OUT = new HarnessConsole("cluster bench",
            "ClusterBench [--mode capacity|failover|all] [--accounts 1,4,8,16,32] [--rate 10] [--seconds 20] [--runs 5] "
                    + "[--lease-ttl 30s] [--jar PATH]");
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final long LIMIT_MICROS = 100_000;
    private static final int CONTACTS = 50;

    private final BotLaunch launch;
    private final TestPostgres postgres;
    private final FakeOpenAi model;
    private final Path work;

    private ClusterBench(BotLaunch launch, TestPostgres postgres, FakeOpenAi model, Path work) {
        this.launch = launch;
        this.postgres = postgres;
        this.model = model;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = OUT.options(args);
        Path jar = Path.of(options.getOrDefault("jar", "app/target/cow.jar"));
        if (!Files.isRegularFile(jar)) {
            OUT.fail("no bot jar at " + jar.toAbsolutePath() + "; bench/run builds it");
        }
        String mode = options.getOrDefault("mode", "all");
        try (TestPostgres postgres = TestPostgres.start(true); FakeOpenAi model = FakeOpenAi.start()) {
            ClusterBench bench = new ClusterBench(BotLaunch.of(jar, options.get("jvm-options"), options.getOrDefault("java-opts", "")),
                    postgres, model, Files.createTempDirectory("cow-cluster-bench"));
            OUT.line("cluster bench: cow.jar workers (%s) on an embedded PostgreSQL and the iLink simulator, instant model; "
                    + "load average now %.1f on %d cores", bench.launch.describe(), loadAverage(), Runtime.getRuntime().availableProcessors());
            if (mode.equals("capacity") || mode.equals("all")) {
                int[] accounts = Arrays.stream(options.getOrDefault("accounts", "1,4,8,16,32").split(",")).mapToInt(Integer::parseInt).toArray();
                bench.capacity(accounts, Integer.parseInt(options.getOrDefault("rate", "10")),
                        Integer.parseInt(options.getOrDefault("seconds", "20")));
            }
            if (mode.equals("failover") || mode.equals("all")) {
                bench.failover(Integer.parseInt(options.getOrDefault("runs", "5")), options.getOrDefault("lease-ttl", "30s"));
            }
        }
        System.exit(0);
    }

    private void capacity(int[] steps, int rate, int seconds) throws Exception {
        List<double[]> idle = new ArrayList<>();
        int largestWithin = 0;
        int previous = 0;
        for (int n : steps) {
            try (IlinkSimulator sim = IlinkSimulator.start(7).holdTime(Duration.ofSeconds(5))) {
                Worker worker = worker("w1", config(sim, n, "30s"), postgres.newDatabase());
                try {
                    List<String> bots = bind(sim, worker, n);
                    Thread.sleep(3_000); // start-up work (class loading, JIT of the login path) settles first
                    double rssIdle = worker.rss();
                    idle.add(new double[] {n, rssIdle});
                    Load warm = load(sim, bots, rate, 5, "warm");
                    Load measured = load(sim, bots, rate, seconds, "q");
                    double rssLoaded = worker.rss();
                    OUT.line("capacity: %3d accounts x %d msg/s (%d msg/s): queued->reply p50 %.1f ms, p99 %.1f ms, max %.1f ms; "
                                    + "%d of %d answered; RSS %.1f MiB idle, %.1f MiB after the load (warm-up p99 %.1f ms)",
                            n, rate, n * rate, measured.percentile(50) / 1e3, measured.percentile(99) / 1e3, measured.max() / 1e3,
                            measured.answered(), measured.sent(), rssIdle, rssLoaded, warm.percentile(99) / 1e3);
                    if (measured.answered() < measured.sent()) {
                        break; // overloaded: the next step would only be worse
                    }
                    if (measured.percentile(99) <= LIMIT_MICROS && largestWithin == previous) {
                        largestWithin = n;
                    }
                    previous = n;
                } finally {
                    worker.stop();
                }
            }
        }
        OUT.line("capacity: largest step with p99 <= 100 ms at %d msg/s per account: %d accounts per worker", rate, largestWithin);
        if (idle.size() >= 2) {
            OUT.line("capacity: RSS per added account (least squares over %d steps, idle, all logged in): %.2f MiB",
                    idle.size(), slope(idle));
        }
    }

    private void failover(int runs, String leaseTtl) throws Exception {
        try (IlinkSimulator sim = IlinkSimulator.start(7).holdTime(Duration.ofSeconds(5))) {
            TestPostgres.TestDatabase database = postgres.newDatabase();
            Path config = config(sim, 1, leaseTtl);
            Map<String, Worker> workers = new HashMap<>();
            workers.put("w1", worker("w1", config, database));
            String bot = bind(sim, workers.get("w1"), 1).get(0);
            workers.put("w2", worker("w2", config, database));
            workers.get("w2").awaitLine("Cluster worker w2");
            Map<String, Long> answeredAt = new ConcurrentHashMap<>();
            sim.onSent(m -> answeredAt.putIfAbsent(m.text(), System.nanoTime()));
            List<Double> seconds = new ArrayList<>();
            List<Worker> gone = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                String holder = holder(database);
                Thread.sleep(1_000 + run * 700L); // kill at different points of the holder's renewal round
                Worker victim = workers.remove(holder);
                victim.kill();
                gone.add(victim);
                long killed = System.nanoTime();
                String probe = "probe " + run + " ";
                long firstAnswer = 0;
                for (int k = 0; firstAnswer == 0; k++) {
                    if (System.nanoTime() - killed > WAIT.toNanos()) {
                        OUT.fail("no answer " + WAIT + " after killing " + holder);
                    }
                    sim.sendText(bot, "contact" + k + "@im.wechat", probe + k); // each from another person: none waits behind another
                    Thread.sleep(100);
                    firstAnswer = answeredAt.entrySet().stream().filter(e -> e.getKey().startsWith("Echo: " + probe))
                            .mapToLong(Map.Entry::getValue).min().orElse(0);
                }
                seconds.add((firstAnswer - killed) / 1e9);
                String survivor = workers.keySet().iterator().next();
                if (!holder(database).equals(survivor)) {
                    OUT.fail("run " + run + ": the account went to " + holder(database) + ", not to " + survivor);
                }
                OUT.line("failover %d: killed %s, first answer from %s %.2f s later", run, holder, survivor, seconds.get(seconds.size() - 1));
                String next = "w" + (run + 2);
                workers.put(next, worker(next, config, database));
                workers.get(next).awaitLine("Cluster worker " + next);
            }
            workers.values().forEach(Worker::stop);
            Path logs = Files.createDirectories(Path.of("bench", "target", "cluster-bench"));
            gone.addAll(workers.values());
            for (Worker w : gone) {
                Files.write(logs.resolve("failover-" + w.id + ".log"), w.lines);
            }
            List<Double> sorted = seconds.stream().sorted().toList();
            OUT.line("failover: leaseTtl %s, kill -9 -> first answer on another worker: median %.2f s of %d (min %.2f, max %.2f); "
                            + "QR codes shown: %d (1 = no scan after a kill)",
                    leaseTtl, sorted.get(sorted.size() / 2), runs, sorted.get(0), sorted.get(sorted.size() - 1), sim.qrCodes().size());
        }
    }

    /** Scans the first {@code n} QR codes, account k for user k, waits until the worker logged in to all; the bots' ids. */
    private static List<String> bind(IlinkSimulator sim, Worker worker, int n) throws Exception {
        List<String> bots = new ArrayList<>();
        for (int k = 1; k <= n; k++) {
            QrCode qr = sim.awaitQrCode(k, WAIT);
            bots.add(sim.scanAndConfirm(qr.imageContent(), "user" + k + "@im.wechat").botId());
        }
        await("all " + n + " accounts logged in", () -> worker.count("Logged in to acct") >= n);
        return bots;
    }

    /**
     * Every account gets {@code rate} messages a second for {@code seconds}, from {@value #CONTACTS} contacts in turn (an
     * account's traffic comes from many people; one person's messages are answered in order); each reply timed when
     * the server accepts it.
     */
    private static Load load(IlinkSimulator sim, List<String> bots, int rate, int seconds, String prefix) throws Exception {
        int accounts = bots.size();
        Map<String, Long> queued = new ConcurrentHashMap<>();
        Map<String, Long> replied = new ConcurrentHashMap<>();
        sim.onSent(m -> {
            String question = m.text().startsWith("Echo: ") ? m.text().substring(6) : "";
            if (question.startsWith(prefix + "-")) {
                replied.putIfAbsent(question, System.nanoTime());
            }
        });
        int total = accounts * rate * seconds;
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + i * 1_000_000_000L / ((long) accounts * rate);
            while (System.nanoTime() < due) {
                LockSupport.parkNanos(due - System.nanoTime());
            }
            String text = prefix + "-" + i;
            queued.put(text, System.nanoTime());
            sim.sendText(bots.get(i % accounts), "contact" + (i / accounts % CONTACTS) + "@im.wechat", text);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (replied.size() < total && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        long[] micros = replied.entrySet().stream().mapToLong(e -> (e.getValue() - queued.get(e.getKey())) / 1_000).sorted().toArray();
        return new Load(total, micros);
    }

    /** One load round: messages sent, and the answered ones' latencies in µs, sorted. */
    private record Load(int sent, long[] micros) {
        int answered() {
            return micros.length;
        }

        double percentile(int p) {
            return micros.length == 0 ? Double.MAX_VALUE : micros[Math.max(0, (int) Math.ceil(p / 100.0 * micros.length) - 1)];
        }

        double max() {
            return micros.length == 0 ? Double.MAX_VALUE : micros[micros.length - 1];
        }
    }

    private Path config(IlinkSimulator sim, int accounts, String leaseTtl) throws IOException {
        StringBuilder channels = new StringBuilder();
        for (int i = 1; i <= accounts; i++) {
            channels.append("  - {name: acct").append(i).append(", type: ilink}\n");
        }
        return Files.writeString(Files.createTempFile(work, "config", ".yaml"), """
                openaiApiKey: sk-cluster-bench-0123456789
                model:
                  baseUrl: %s
                  selfTest: false
                ilink:
                  baseUrl: %s
                  cdnBaseUrl: %s
                  qrPollInterval: 50ms
                  sendInterval: 0ms
                console:
                  enabled: false
                cluster:
                  enabled: true
                  leaseTtl: %s
                  maxAccountsPerWorker: 500
                channels:
                %s""".formatted(model.baseUrl(), sim.baseUrl(), sim.cdnBaseUrl(), leaseTtl, channels));
    }

    private Worker worker(String id, Path config, TestPostgres.TestDatabase database) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(launch.command("run", "--config", config.toString())).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("OPENAI_") || k.startsWith("COW_") || k.startsWith("CHATGPT_"));
        builder.environment().putAll(Map.of(
                "COW_DATA_DIR", Files.createDirectories(work.resolve(database.name() + "-" + id)).toString(),
                "COW_CLUSTER_WORKER_ID", id,
                "COW_STORE_URL", database.url(),
                "COW_STORE_USER", TestPostgres.TestDatabase.USER));
        return new Worker(id, ChildProcesses.register(builder.start()));
    }

    /** Who holds account acct1's live lease. */
    private static String holder(TestPostgres.TestDatabase database) throws Exception {
        String[] holder = new String[1];
        await("a live lease on acct1", () -> {
            try (Connection c = database.connect(); PreparedStatement s = c.prepareStatement("SELECT holder FROM leases "
                    + "WHERE account = 'acct1' AND holder <> '' AND expires_at > (extract(epoch FROM clock_timestamp()) * 1000)::bigint");
                 ResultSet rows = s.executeQuery()) {
                holder[0] = rows.next() ? rows.getString(1) : null;
                return holder[0] != null;
            } catch (Exception e) {
                return false;
            }
        });
        return holder[0];
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                OUT.fail("not within " + WAIT + ": " + what);
            }
            Thread.sleep(20);
        }
    }

    private static double slope(List<double[]> points) {
        double mx = points.stream().mapToDouble(p -> p[0]).average().orElse(0);
        double my = points.stream().mapToDouble(p -> p[1]).average().orElse(0);
        double num = 0;
        double den = 0;
        for (double[] p : points) {
            num += (p[0] - mx) * (p[1] - my);
            den += (p[0] - mx) * (p[0] - mx);
        }
        return num / den;
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** A worker process and its output lines. */
    private static final class Worker {
        private final String id;
        private final Process process;
        private final List<String> lines = new CopyOnWriteArrayList<>();

        Worker(String id, Process process) {
            this.id = id;
            this.process = process;
            Thread reader = new Thread(this::read, "worker-output-" + process.pid());
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("(reading the worker's output failed: " + e + ")");
            }
        }

        int count(String text) {
            if (!process.isAlive()) {
                OUT.fail("a worker exited:\n" + String.join("\n", lines));
            }
            return (int) lines.stream().filter(l -> l.contains(text)).count();
        }

        void awaitLine(String text) throws InterruptedException {
            await("the line " + text, () -> count(text) > 0);
        }

        double rss() throws IOException {
            return ProcStats.mib(ProcStats.status(process.pid()).get("VmRSS"));
        }

        void kill() {
            process.destroyForcibly(); // SIGKILL: no goodbye, no lease released
        }

        void stop() {
            ChildProcesses.stop(process.toHandle(), 30_000);
        }
    }
}
