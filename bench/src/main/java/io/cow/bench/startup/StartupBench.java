package io.cow.bench.startup;

import io.cow.bench.process.BotLaunch;
import io.cow.bench.process.ChildProcesses;
import io.cow.bench.process.HarnessConsole;
import io.cow.bench.process.ProcStats;
import io.cow.testkit.ilink.IlinkSimulator;
import io.cow.testkit.openai.FakeOpenAi;
import io.cow.testkit.web.SimContact;
import io.cow.testkit.web.SimulatorOptions;
import io.cow.testkit.web.WebWeChatSimulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Start-up harness: how long {@code cow.jar} (its own JVM, launched as the launchers do it:
 * {@code java @deploy/jvm.options -jar cow.jar}, default settings) takes with the web channel against the web
 * WeChat simulator (and, with {@code --instances 1,2}, also with two channel instances in one process: the web
 * channel and an iLink channel against the iLink simulator, measured in the same runs), from the process start
 * <ul>
 *   <li>to the QR code printed (a fresh data folder: the log's QR event, art and link, fully written), and</li>
 *   <li>to logged in with a hot login (the same data folder after a scan: the saved session resumed).</li>
 * </ul>
 * Times are taken in this process, from just before the process is started to the arrival of the log line on the
 * bot's standard output. Each run starts a new JVM; the report gives the median, the fastest and the slowest run,
 * and the bot's resident memory at that moment.
 *
 * <p>Run from the repository root: {@code bench/run io.cow.bench.startup.StartupBench [--runs 7]}. Options:
 * {@code --runs N} (default 7), {@code --instances 1|2|1,2} (default 1), {@code --console on|off|both} (the web console,
 * on by default as for users; {@code both} runs each set-up with and without it, side by side, for the console's cost
 * when nobody opens it), {@code --friends N --groups N --members N} (the account's address book; empty by
 * default), {@code --jar PATH} (default app/target/cow.jar), {@code --jvm-options FILE|none}
 * (the launchers' options file, default deploy/jvm.options), {@code --java-opts "..."} (more JVM options, after the
 * file's), {@code --verbose true} (prints the last hot login's output with the time of each line). The bots are stopped when the harness ends, also when it is interrupted.
 */
public final class StartupBench {

    private static final HarnessConsole OUT = new HarnessConsole("startup bench",
            "StartupBench [--runs N] [--instances 1|2|1,2] [--console on|off|both] [--friends N --groups N --members N] [--jar PATH] [--jvm-options FILE|none] "
                    + "[--java-opts \"...\"]");

    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final String LOGGED_IN = "✅ Logged in";

    private StartupBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = OUT.options(args);
        int runs = Integer.parseInt(options.getOrDefault("runs", "7"));
        boolean verbose = Boolean.parseBoolean(options.getOrDefault("verbose", "false"));
        Path jar = Path.of(options.getOrDefault("jar", "app/target/cow.jar"));
        if (!Files.isRegularFile(jar)) {
            OUT.fail("no bot jar at " + jar.toAbsolutePath() + "; bench/run builds it");
        }
        BotLaunch launch = BotLaunch.of(jar, options.get("jvm-options"), options.getOrDefault("java-opts", ""));
        List<Integer> setups = java.util.Arrays.stream(options.getOrDefault("instances", "1").split(","))
                .map(String::strip).map(Integer::parseInt).toList();
        if (setups.stream().anyMatch(n -> n < 1 || n > 2)) {
            OUT.fail("--instances takes 1, 2 or 1,2");
        }
        List<Boolean> consoles = switch (options.getOrDefault("console", "on")) {
            case "on" -> List.of(true);
            case "off" -> List.of(false);
            case "both" -> List.of(true, false);
            default -> throw new IllegalArgumentException("--console takes on, off or both");
        };
        Map<String, List<Sample>> qr = new HashMap<>();
        Map<String, List<Sample>> hot = new HashMap<>();
        try (WebWeChatSimulator sim = WebWeChatSimulator.start(SimulatorOptions.defaults().selfNickName("Bench")
                .loginPollHold(Duration.ofMillis(200)).syncCheckHold(Duration.ofSeconds(1)).requestLogLimit(100));
             IlinkSimulator ilink = IlinkSimulator.start().holdTime(Duration.ofSeconds(5)).qrStatusHold(Duration.ofSeconds(1));
             FakeOpenAi model = FakeOpenAi.start()) {
            AddressBook book = AddressBook.of(options);
            book.fill(sim);
            Accounts accounts = new Accounts(sim, ilink, model);
            for (int run = 1; run <= runs; run++) {
                StringBuilder summary = new StringBuilder("run " + run + ":");
                // The set-ups take turns within each run, so that both see the same machine load.
                for (int instances : setups) {
                    for (boolean console : consoles) {
                        String setup = setup(instances, console, consoles.size() > 1);
                        Path data = Files.createTempDirectory("cow-startup-bench");
                        List<String> botArgs = accounts.args(instances, data);
                        Map<String, String> env = new HashMap<>(accounts.env(instances, data));
                        env.put("COW_CONSOLE_ENABLED", String.valueOf(console));
                        env.put("COW_CONSOLE_PORT", "0");
                        try (Bot bot = Bot.start(launch, env, botArgs)) {
                            List<String> links = accounts.awaitQrLinks(instances);
                            qr.computeIfAbsent(setup, n -> new ArrayList<>()).add(bot.awaitAll("the QR links " + links, links));
                            accounts.scanAll(links);
                            bot.awaitCount("the login", l -> l.contains(LOGGED_IN), instances);
                        }
                        try (Bot bot = Bot.start(launch, env, botArgs)) {
                            hot.computeIfAbsent(setup, n -> new ArrayList<>())
                                    .add(bot.awaitCount("the hot login", l -> l.contains(LOGGED_IN), instances));
                            if (verbose && run == runs) {
                                System.err.println("the last hot login's output (" + instances + " instance(s)), with milliseconds since the process start:");
                                System.err.print(bot.timedOutput());
                            }
                        }
                        summary.append(String.format(Locale.ROOT, " [%s] QR printed %.0f ms, hot login %.0f ms;", setup,
                                last(qr.get(setup)).millis(), last(hot.get(setup)).millis()));
                    }
                }
                System.err.println(summary);
            }
        }
        OUT.line("Start-up of %s on the simulators (web: %s), %s; %d runs, each a new JVM", launch.jar().getFileName(),
                AddressBook.of(options).describe(), launch.describe(), runs);
        for (int instances : setups) {
            for (boolean console : consoles) {
                String setup = setup(instances, console, consoles.size() > 1);
                report(setup + ": process start -> QR printed     ", qr.get(setup));
                report(setup + ": process start -> logged in (hot)", hot.get(setup));
            }
        }
        if (setups.size() == 2) {
            String one = setup(1, consoles.get(0), consoles.size() > 1);
            String two = setup(2, consoles.get(0), consoles.size() > 1);
            OUT.line("ratio 2 instances / 1: QR printed %.2f, hot login %.2f, RSS at hot login %.2f",
                    medianMillis(qr.get(two)) / medianMillis(qr.get(one)), medianMillis(hot.get(two)) / medianMillis(hot.get(one)),
                    medianRss(hot.get(two)) / medianRss(hot.get(one)));
        }
        if (consoles.size() == 2) {
            for (int instances : setups) {
                String on = setup(instances, true, true);
                String off = setup(instances, false, true);
                OUT.line("the console's cost when nobody opens it (%d instance(s), on - off, medians of this run): QR printed "
                                + "%+.0f ms, RSS %+.1f MiB; hot login %+.0f ms, RSS %+.1f MiB", instances,
                        medianMillis(qr.get(on)) - medianMillis(qr.get(off)), medianRss(qr.get(on)) - medianRss(qr.get(off)),
                        medianMillis(hot.get(on)) - medianMillis(hot.get(off)), medianRss(hot.get(on)) - medianRss(hot.get(off)));
            }
        }
    }

    /** A set-up's name in the report. */
    private static String setup(int instances, boolean console, boolean sayConsole) {
        String what = instances == 1 ? "1 instance (web)        " : "2 instances (web, ilink)";
        return sayConsole ? what + (console ? ", console on " : ", console off") : what;
    }

    private static Sample last(List<Sample> samples) {
        return samples.get(samples.size() - 1);
    }

    private static double medianMillis(List<Sample> samples) {
        return median(samples.stream().map(Sample::millis).sorted().toList());
    }

    private static double medianRss(List<Sample> samples) {
        return median(samples.stream().map(Sample::rssMib).sorted().toList());
    }

    /**
     * The accounts of a set-up: one web instance configured by environment variables, as before several channels
     * existed, or a config file with a web and an iLink instance.
     */
    private static final class Accounts {
        private static final String OWNER = "o9cq80z1bench@im.wechat";
        private final WebWeChatSimulator web;
        private final IlinkSimulator ilink;
        private final FakeOpenAi model;
        private int ilinkQrCodes;

        Accounts(WebWeChatSimulator web, IlinkSimulator ilink, FakeOpenAi model) {
            this.web = web;
            this.ilink = ilink;
            this.model = model;
        }

        Map<String, String> env(int instances, Path data) {
            Map<String, String> env = new HashMap<>();
            env.put("OPENAI_API_KEY", "sk-startup-bench");
            env.put("OPENAI_BASE_URL", model.baseUrl());
            env.put("COW_DATA_DIR", data.toString());
            if (instances == 1) {
                env.put("COW_CHANNEL", "web");
                env.put("COW_WEB_ENDPOINT", web.baseUrl());
            }
            return env;
        }

        List<String> args(int instances, Path data) throws IOException {
            if (instances == 1) {
                return List.of();
            }
            Path config = Files.writeString(data.resolve("bench-config.yaml"), """
                    channels:
                      - name: groups
                        type: web
                        endpoint: %s
                      - name: private
                        type: ilink
                        baseUrl: %s
                        cdnBaseUrl: %s
                    """.formatted(web.baseUrl(), ilink.baseUrl(), ilink.cdnBaseUrl()));
            return List.of("run", "--config", config.toString());
        }

        /** The login links of the QR codes the bot's instances show, once each simulator has handed one out. */
        List<String> awaitQrLinks(int instances) {
            List<String> links = new ArrayList<>();
            links.add("https://login.weixin.qq.com/l/" + web.awaitQrUuid(WAIT));
            if (instances == 2) {
                ilinkQrCodes++;
                links.add(ilink.awaitQrCode(ilinkQrCodes, WAIT).imageContent());
            }
            return links;
        }

        void scanAll(List<String> links) {
            String uuid = links.get(0).substring(links.get(0).lastIndexOf('/') + 1);
            web.scan(uuid);
            web.confirm(uuid);
            if (links.size() == 2) {
                ilink.scanAndConfirm(links.get(1), OWNER);
            }
        }
    }

    /**
     * The account's address book: friends, and groups of members who are not friends. A large one shows what
     * logging in costs a big account (contact pages, group details in batches) in time and memory.
     */
    private record AddressBook(int friends, int groups, int members) {
        static AddressBook of(Map<String, String> options) {
            return new AddressBook(Integer.parseInt(options.getOrDefault("friends", "0")),
                    Integer.parseInt(options.getOrDefault("groups", "0")), Integer.parseInt(options.getOrDefault("members", "0")));
        }

        void fill(WebWeChatSimulator sim) {
            for (int i = 1; i <= friends; i++) {
                sim.addFriend("friend " + i, i % 3 == 0 ? "remark " + i : "");
            }
            for (int g = 1; g <= groups; g++) {
                SimContact[] people = new SimContact[members];
                for (int m = 0; m < members; m++) {
                    people[m] = sim.addStranger("member " + g + "-" + m);
                }
                sim.addGroup("group " + g, people);
            }
        }

        String describe() {
            return String.format(Locale.ROOT, "%d friends, %d groups of %d members", friends, groups, members);
        }
    }

    /** One measurement: milliseconds from the process start to the line, and the bot's RSS then. */
    private record Sample(double millis, double rssMib) {
    }

    private static void report(String what, List<Sample> samples) {
        List<Double> ms = samples.stream().map(Sample::millis).sorted().toList();
        List<Double> rss = samples.stream().map(Sample::rssMib).sorted().toList();
        OUT.line("%s : median %.0f ms (fastest %.0f, slowest %.0f); RSS then: median %.1f MiB", what,
                median(ms), ms.get(0), ms.get(ms.size() - 1), median(rss));
    }

    private static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static Map<String, String> env(WebWeChatSimulator sim, FakeOpenAi model, Path data) {
        Map<String, String> env = new HashMap<>();
        env.put("OPENAI_API_KEY", "sk-startup-bench");
        env.put("OPENAI_BASE_URL", model.baseUrl());
        env.put("COW_DATA_DIR", data.toString());
        env.put("COW_CHANNEL", "web");
        env.put("COW_WEB_ENDPOINT", sim.baseUrl());
        return env;
    }

    /** A bot process whose standard output is read line by line as it comes, each line with its arrival time. */
    private static final class Bot implements AutoCloseable {
        private record Line(String text, long nanos) {
        }

        private final Process process;
        private final long startedNanos;
        private final List<Line> lines = new CopyOnWriteArrayList<>();

        private Bot(Process process, long startedNanos) {
            this.process = process;
            this.startedNanos = startedNanos;
            Thread reader = new Thread(this::read, "bot-output");
            reader.setDaemon(true);
            reader.start();
        }

        static Bot start(BotLaunch launch, Map<String, String> env, List<String> args) throws IOException {
            ProcessBuilder builder = new ProcessBuilder(launch.command(args.toArray(String[]::new))).redirectErrorStream(true);
            builder.environment().keySet().removeIf(k -> k.startsWith("OPENAI_") || k.startsWith("COW_") || k.startsWith("CHATGPT_"));
            builder.environment().putAll(env);
            long started = System.nanoTime();
            return new Bot(ChildProcesses.register(builder.start()), started);
        }

        private void read() {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(new Line(line, System.nanoTime()));
                }
            } catch (IOException e) {
                lines.add(new Line("(reading the bot's output failed: " + e + ")", System.nanoTime()));
            }
        }

        /** The time of the line that completes the set: each text of {@code exact} printed as a whole line. */
        Sample awaitAll(String what, List<String> exact) throws Exception {
            return awaitCount(what, exact::contains, exact.size());
        }

        /** The time of the {@code count}-th line that matches, and the bot's RSS when it was seen. */
        Sample awaitCount(String what, Predicate<String> match, int count) throws Exception {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                int seen = 0;
                for (Line line : lines) {
                    if (match.test(line.text()) && ++seen == count) {
                        double rss = ProcStats.mib(ProcStats.status(process.pid()).get("VmRSS"));
                        return new Sample((line.nanos() - startedNanos) / 1e6, rss);
                    }
                }
                if (!process.isAlive()) {
                    OUT.fail("the bot exited before " + what + ":\n" + output());
                }
                Thread.sleep(5);
            }
            OUT.fail("no " + what + " within " + WAIT + ":\n" + output());
            return null;
        }

        String timedOutput() {
            StringBuilder out = new StringBuilder();
            lines.forEach(l -> out.append(String.format(Locale.ROOT, "%6.0f  %s%n", (l.nanos() - startedNanos) / 1e6, l.text())));
            return out.toString();
        }

        private String output() {
            StringBuilder out = new StringBuilder();
            lines.forEach(l -> out.append(l.text()).append('\n'));
            return out.toString();
        }

        @Override
        public void close() {
            // SIGTERM: the bot saves its session and stops, as under systemd or Docker
            ChildProcesses.stop(process.toHandle(), 30_000);
        }
    }

}
