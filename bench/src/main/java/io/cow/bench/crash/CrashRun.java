package io.cow.bench.crash;

import io.cow.bench.process.BotLaunch;
import io.cow.testkit.openai.FakeOpenAi;
import io.cow.testkit.process.ProcessRun;
import io.cow.testkit.web.SentMessage;
import io.cow.testkit.web.SimContact;
import io.cow.testkit.web.SimulatorOptions;
import io.cow.testkit.web.WebWeChatSimulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A crash run: the bot's jar, as its own process on the web channel against the {@link WebWeChatSimulator}, takes
 * a burst of private messages from many chats while it is stopped (kill -9 or SIGTERM) at random points and started
 * again on the same data folder, several rounds. Afterwards it counts, per question, how many answers the simulator
 * received (once, none, twice or more), and reads the data folder's database for "phantom turns": answers the bot
 * remembers that the user never received.
 *
 * <p>It only needs what every version of the bot has (the web channel, {@code COW_*} variables, the {@code turns}
 * table), so the same run measures an old jar and a new one. {@link CrashBench} runs it from the command line; the
 * crash tests run it on the jar just built.
 */
public final class CrashRun {

    /** How the bot is stopped in each round. */
    public enum Stop {
        /** SIGKILL: the process ends at once, nothing of it runs. */
        KILL,
        /** SIGTERM: as Docker, Kubernetes and systemd stop it; its shutdown hook runs. */
        TERM
    }

    /**
     * What to run.
     *
     * @param launch       the bot's command line
     * @param messages     questions in the burst
     * @param chats        friends who write them, in turn
     * @param rate         questions per second
     * @param rounds       stops, each followed by a start on the same data folder
     * @param stop         how each round stops the bot
     * @param modelLatency how long the fake model takes for each answer
     * @param seed         for the random stop points
     * @param minUp        shortest time the bot runs before a stop
     * @param maxUp        longest time the bot runs before a stop
     * @param quiet        after the last start, the run ends when every question is answered or nothing was sent
     *                     for this long
     * @param env          more environment variables for the bot (e.g. {@code COW_WEB_SEND_INTERVAL}); none: defaults
     * @param progress     gets a line for each event of the run
     */
    public record Options(BotLaunch launch, int messages, int chats, double rate, int rounds, Stop stop,
                          Duration modelLatency, long seed, Duration minUp, Duration maxUp, Duration quiet,
                          Map<String, String> env, Consumer<String> progress) {

        /** The crash test: 400 messages from 20 chats at 10 per second, 3 rounds, default settings. */
        public static Options standard(BotLaunch launch, Stop stop, long seed) {
            return new Options(launch, 400, 20, 10, 3, stop, Duration.ZERO, seed, Duration.ofSeconds(2),
                    Duration.ofSeconds(30), Duration.ofSeconds(20), Map.of(), line -> { });
        }

        public Options with(Map<String, String> moreEnv) {
            Map<String, String> all = new HashMap<>(env);
            all.putAll(moreEnv);
            return new Options(launch, messages, chats, rate, rounds, stop, modelLatency, seed, minUp, maxUp, quiet,
                    Map.copyOf(all), progress);
        }

        public Options progress(Consumer<String> to) {
            return new Options(launch, messages, chats, rate, rounds, stop, modelLatency, seed, minUp, maxUp, quiet, env, to);
        }

        public Options load(int count, int chatCount, double perSecond, Duration latency) {
            return new Options(launch, count, chatCount, perSecond, rounds, stop, latency, seed, minUp, maxUp, quiet, env,
                    progress);
        }
    }

    /**
     * What came out.
     *
     * @param messages        questions sent
     * @param stops           stops done (each followed by a start)
     * @param once            questions answered exactly once
     * @param lost            questions never answered
     * @param twice           questions answered more than once
     * @param maxLostPerChat  the most questions one chat lost
     * @param phantomTurns    remembered answers the simulator never received
     * @param turns           remembered answers in all
     * @param stopMillis      for each stop, milliseconds from the signal to the process's end
     * @param seconds         the whole run
     * @param logs            the folder with each bot process's output
     */
    public record Result(int messages, int stops, int once, int lost, int twice, int maxLostPerChat, int phantomTurns,
                         int turns, List<Long> stopMillis, double seconds, Path logs) {

        public long slowestStopMillis() {
            return stopMillis.stream().mapToLong(Long::longValue).max().orElse(0);
        }

        /** One line for reports. */
        public String summary() {
            return String.format(Locale.ROOT, "messages %d, stops %d: answered once %d, lost %d (at most %d in one chat), "
                            + "twice %d, phantom turns %d of %d remembered; slowest exit %d ms; %.0f s",
                    messages, stops, once, lost, maxLostPerChat, twice, phantomTurns, turns, slowestStopMillis(), seconds);
        }
    }

    private static final Duration LOGIN_WAIT = Duration.ofSeconds(90);
    private static final Duration STOP_WAIT = Duration.ofSeconds(90);
    private static final Duration HARD_LIMIT = Duration.ofMinutes(20);
    private static final String ANSWER_PREFIX = "A ";

    private final Options options;
    private final Path data;
    private final Path logs;
    private int started;

    private CrashRun(Options options, Path work) throws IOException {
        this.options = options;
        this.data = Files.createDirectories(work.resolve("data"));
        this.logs = Files.createDirectories(work.resolve("logs"));
    }

    /** Runs in a new temporary folder, which is kept for the logs. */
    public static Result run(Options options) throws Exception {
        return new CrashRun(options, Files.createTempDirectory("cow-crash-")).go();
    }

    private Result go() throws Exception {
        long t0 = System.nanoTime();
        Random random = new Random(options.seed());
        List<Long> stopMillis = new ArrayList<>();
        ExecutorService phone = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "crash-phone");
            t.setDaemon(true);
            return t;
        });
        try (WebWeChatSimulator sim = WebWeChatSimulator.start(SimulatorOptions.defaults().selfNickName("Crash")
                .requestLogLimit(0));
             FakeOpenAi model = FakeOpenAi.start().answer(r -> ANSWER_PREFIX + r.lastUserMessage())
                     .latency(options.modelLatency())) {
            sim.onQrUuid(uuid -> phone.execute(() -> {
                sim.scan(uuid);
                sim.confirm(uuid);
            }));
            List<SimContact> friends = new ArrayList<>();
            for (int i = 0; i < options.chats(); i++) {
                friends.add(sim.addFriend("Friend " + i));
            }
            Map<String, String> env = env(sim, model);
            Process bot = start(env);
            sim.awaitPolling(LOGIN_WAIT);
            say("logged in; the burst starts");
            Thread burst = burst(sim, friends);
            for (int round = 1; round <= options.rounds(); round++) {
                long upMillis = options.minUp().toMillis()
                        + (long) (random.nextDouble() * (options.maxUp().toMillis() - options.minUp().toMillis()));
                long startedAt = bot.info().startInstant().map(i -> i.toEpochMilli()).orElse(System.currentTimeMillis());
                long wait = startedAt + upMillis - System.currentTimeMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                stopMillis.add(stop(bot, options.stop()));
                say(String.format(Locale.ROOT, "round %d: %s after %.1f s, exited in %d ms; %d answers received so far",
                        round, options.stop(), upMillis / 1000.0, stopMillis.get(stopMillis.size() - 1), sim.sent().size()));
                bot = start(env);
            }
            burst.join();
            awaitQuiet(sim);
            stop(bot, Stop.TERM);
            return count(sim.sent(), rememberedAnswers(), stopMillis, (System.nanoTime() - t0) / 1e9);
        } finally {
            phone.shutdownNow();
        }
    }

    private Map<String, String> env(WebWeChatSimulator sim, FakeOpenAi model) {
        Map<String, String> env = new HashMap<>();
        env.put("OPENAI_API_KEY", "sk-crash-0123456789");
        env.put("OPENAI_BASE_URL", model.baseUrl());
        env.put("COW_DATA_DIR", data.toString());
        env.put("COW_CHANNEL", "web");
        env.put("COW_WEB_ENDPOINT", sim.baseUrl());
        env.put("COW_MODEL_SELF_TEST", "false");
        // Not the console's fixed default port: the kill and SIGTERM runs go side by side, and other builds run bots.
        env.put("COW_CONSOLE_PORT", "0");
        env.putAll(options.env());
        return env;
    }

    private Process start(Map<String, String> env) throws IOException {
        started++;
        Path log = logs.resolve("bot-" + started + ".log");
        Process process = ProcessRun.builder(options.launch().command(), data.getParent(), env)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        process.getOutputStream().close();
        io.cow.bench.process.ChildProcesses.register(process);
        say("started bot " + started + " (pid " + process.pid() + "), output in " + log);
        return process;
    }

    /** Stops the bot; returns the milliseconds from the signal to its end. */
    private static long stop(Process bot, Stop how) throws InterruptedException {
        long t = System.nanoTime();
        if (how == Stop.KILL) {
            bot.destroyForcibly();
        } else {
            bot.destroy();
        }
        if (!bot.waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            bot.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        return (System.nanoTime() - t) / 1_000_000;
    }

    /** The questions, "q0" to "q<n-1>", from the friends in turn, at the configured rate. */
    private Thread burst(WebWeChatSimulator sim, List<SimContact> friends) {
        Thread thread = new Thread(() -> {
            long start = System.nanoTime();
            for (int i = 0; i < options.messages(); i++) {
                long due = start + (long) (i * 1e9 / options.rate());
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                sim.sendText(friends.get(i % friends.size()), "q" + i);
            }
            say("the burst of " + options.messages() + " messages is sent");
        }, "crash-burst");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Waits until every question has an answer, or no answer came for the quiet time. */
    private void awaitQuiet(WebWeChatSimulator sim) throws InterruptedException {
        long deadline = System.nanoTime() + HARD_LIMIT.toNanos();
        int lastCount = -1;
        long lastChange = System.nanoTime();
        while (System.nanoTime() < deadline) {
            List<SentMessage> sent = sim.sent();
            if (answered(sent) >= options.messages()) {
                return;
            }
            if (sent.size() != lastCount) {
                lastCount = sent.size();
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > options.quiet().toNanos()) {
                say("no answer for " + options.quiet().toSeconds() + " s; counting");
                return;
            }
            Thread.sleep(200);
        }
        say("the run's time limit was reached; counting");
    }

    private long answered(List<SentMessage> sent) {
        return sent.stream().map(m -> question(m.content())).filter(q -> q >= 0).distinct().count();
    }

    /** The question number an answer names, or -1. */
    private static int question(String content) {
        if (!content.startsWith(ANSWER_PREFIX + "q")) {
            return -1;
        }
        try {
            return Integer.parseInt(content.substring(ANSWER_PREFIX.length() + 1).strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The answers the bot's conversation memory holds, from its database. */
    private List<String> rememberedAnswers() throws SQLException {
        Path db = data.resolve("cow.db");
        List<String> answers = new ArrayList<>();
        if (!Files.exists(db)) {
            return answers;
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
             Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT answer FROM turns")) {
            while (rows.next()) {
                answers.add(rows.getString(1));
            }
        }
        return answers;
    }

    private Result count(List<SentMessage> sent, List<String> remembered, List<Long> stopMillis, double seconds) {
        int[] received = new int[options.messages()];
        Map<String, Integer> receivedTexts = new HashMap<>();
        for (SentMessage m : sent) {
            int q = question(m.content());
            if (q >= 0 && q < received.length) {
                received[q]++;
            }
            receivedTexts.merge(m.content().strip(), 1, Integer::sum);
        }
        int once = 0;
        int lost = 0;
        int twice = 0;
        int[] lostPerChat = new int[options.chats()];
        for (int q = 0; q < received.length; q++) {
            if (received[q] == 1) {
                once++;
            } else if (received[q] == 0) {
                lost++;
                lostPerChat[q % options.chats()]++;
            } else {
                twice++;
            }
        }
        int phantom = 0;
        for (String answer : remembered) {
            if (!receivedTexts.containsKey(answer.strip())) {
                phantom++;
            }
        }
        int maxLost = 0;
        for (int n : lostPerChat) {
            maxLost = Math.max(maxLost, n);
        }
        return new Result(options.messages(), stopMillis.size(), once, lost, twice, maxLost, phantom, remembered.size(),
                List.copyOf(stopMillis), seconds, logs);
    }

    private void say(String line) {
        options.progress().accept(line);
    }
}
