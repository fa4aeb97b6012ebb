package io.cow.bench.media;

import io.cow.bench.process.BotLaunch;
import io.cow.bench.process.ChildProcesses;
import io.cow.bench.process.HarnessConsole;
import io.cow.bench.process.ProcStats;
import io.cow.testkit.openai.FakeOpenAi;
import io.cow.testkit.web.SimContact;
import io.cow.testkit.web.SimulatorOptions;
import io.cow.testkit.web.WebWeChatSimulator;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Pictures on web WeChat (issue 17): {@code cow.jar} as its own process against the simulator and a fake OpenAI API
 * that answers at once (0 ms). Measures (1) the time from a picture and its question being queued to the answer
 * arriving, beside the same for a text question in the same run, and (2) the bot's resident memory while 20 pictures
 * of 5 MB arrive at once (downloaded to the data folder, kept for their questions), then while their 20 questions are
 * asked at once (each picture read for its model request).
 *
 * <p>Run: {@code mvn -B -q -DskipTests package -pl app -am} (for {@code app/target/cow.jar}), then
 * {@code bench/run io.cow.bench.media.MediaBench [--rounds 30] [--warmup 5] [--pictures 20] [--mib 5]}.
 */
public final class MediaBench {

    private static final HarnessConsole OUT = new HarnessConsole("MediaBench",
            "bench/run io.cow.bench.media.MediaBench [--rounds 30] [--warmup 5] [--pictures 20] [--mib 5] [--jar app/target/cow.jar]");
    private static final Duration WAIT = Duration.ofMinutes(3);

    private MediaBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>(Map.of("rounds", "30", "warmup", "5", "pictures", "20", "mib", "5",
                "jar", "app/target/cow.jar"));
        opts.putAll(OUT.options(args));
        int rounds = Integer.parseInt(opts.get("rounds"));
        int warmup = Integer.parseInt(opts.get("warmup"));
        int pictures = Integer.parseInt(opts.get("pictures"));
        int mib = Integer.parseInt(opts.get("mib"));
        Path data = Files.createTempDirectory("cow-media-bench");
        try (WebWeChatSimulator sim = WebWeChatSimulator.start(SimulatorOptions.defaults().selfNickName("Bench").requestLogLimit(0));
             FakeOpenAi fake = FakeOpenAi.start().answer(r -> "ok")) {
            List<SimContact> friends = new ArrayList<>();
            for (int i = 0; i < pictures + 2; i++) {
                friends.add(sim.addFriend("Friend " + i));
            }
            Map<String, String> env = new HashMap<>();
            env.put("OPENAI_API_KEY", "sk-media-bench");
            env.put("OPENAI_BASE_URL", fake.baseUrl());
            env.put("CHATGPT_TRIGGER_KEYWORD", "Hi bot:");
            env.put("COW_DATA_DIR", data.toString());
            env.put("COW_CHANNEL", "web");
            env.put("COW_WEB_ENDPOINT", sim.baseUrl());
            env.put("COW_WEB_SEND_INTERVAL", "0");
            env.put("COW_MODEL_SELF_TEST", "false");
            env.put("COW_CONSOLE_ENABLED", "false");
            BotLaunch launch = BotLaunch.of(Path.of(opts.get("jar")), null, "");
            ProcessBuilder builder = new ProcessBuilder(launch.command("run")).redirectErrorStream(true);
            builder.environment().keySet().removeIf(k -> k.startsWith("OPENAI_") || k.startsWith("COW_") || k.startsWith("CHATGPT_"));
            builder.environment().putAll(env);
            Process bot = ChildProcesses.register(builder.start());
            List<String> lines = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> read(bot, lines), "bot-output");
            reader.setDaemon(true);
            reader.start();
            try {
                sim.scanAndConfirm(WAIT);
                sim.awaitPolling(WAIT);
                OUT.line("bot: %s, pid %d", launch.describe(), bot.pid());
                latency(sim, friends.get(0), friends.get(1), warmup, rounds);
                memory(sim, friends.subList(2, friends.size()), bot, lines, mib);
            } finally {
                ChildProcesses.stop(bot.toHandle(), 5_000);
            }
        }
    }

    private static void latency(WebWeChatSimulator sim, SimContact withPicture, SimContact withText, int warmup, int rounds)
            throws IOException {
        byte[] picture = png(1, 400, 300);
        List<Double> pictureMs = new ArrayList<>();
        List<Double> textMs = new ArrayList<>();
        for (int i = 0; i < warmup + rounds; i++) {
            int expected = i + 1;
            long started = System.nanoTime();
            sim.sendImage(withPicture, picture, "image/png");
            sim.sendText(withPicture, "Hi bot: what is in picture " + i + "?");
            await("answer " + i, () -> sim.sentTo(withPicture).size() >= expected);
            double picMs = (System.nanoTime() - started) / 1e6;
            started = System.nanoTime();
            sim.sendText(withText, "Hi bot: question " + i);
            await("text answer " + i, () -> sim.sentTo(withText).size() >= expected);
            double txtMs = (System.nanoTime() - started) / 1e6;
            if (i >= warmup) {
                pictureMs.add(picMs);
                textMs.add(txtMs);
            }
        }
        OUT.line("picture (%d KiB PNG) + question -> answer: median %.1f ms, p90 %.1f ms (%d rounds, model 0 ms)",
                picture.length / 1024, median(pictureMs), p90(pictureMs), rounds);
        OUT.line("text question -> answer, same run:        median %.1f ms, p90 %.1f ms; ratio picture/text %.2f",
                median(textMs), p90(textMs), median(pictureMs) / median(textMs));
    }

    private static void memory(WebWeChatSimulator sim, List<SimContact> friends, Process bot, List<String> lines, int mib)
            throws Exception {
        int side = (int) Math.sqrt(mib * 1024.0 * 1024 / 3);
        byte[] big = png(2, side, side);
        double idle = rss(bot);
        OUT.line("bot RSS before the pictures: %.1f MiB", idle);
        AtomicLong peakKb = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    long kb = (long) (rss(bot) * 1024);
                    peakKb.accumulateAndGet(kb, Math::max);
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                } catch (IOException e) {
                    return;
                }
            }
        }, "rss-sampler");
        sampler.setDaemon(true);
        sampler.start();
        int keptBefore = count(lines, "kept for a question");
        for (SimContact friend : friends) {
            sim.sendImage(friend, big, "image/png");
        }
        await(friends.size() + " pictures kept", () -> count(lines, "kept for a question") >= keptBefore + friends.size());
        double afterArrival = peakKb.get() / 1024.0;
        OUT.line("%d pictures of %.1f MiB arriving at once: peak RSS %.1f MiB (+%.1f MiB over idle)", friends.size(),
                big.length / 1048576.0, afterArrival, afterArrival - idle);
        peakKb.set(0);
        for (SimContact friend : friends) {
            sim.sendText(friend, "Hi bot: what is this?");
        }
        await("answers about the pictures", () -> {
            if (!bot.isAlive()) {
                OUT.fail("the bot exited (code " + bot.exitValue() + "); its last lines:\n"
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
            }
            return friends.stream().allMatch(f -> !sim.sentTo(f).isEmpty());
        });
        sampler.interrupt();
        double afterQuestions = peakKb.get() / 1024.0;
        OUT.line("their %d questions asked at once (each picture base64 in a model request): peak RSS %.1f MiB (+%.1f MiB over idle)",
                friends.size(), afterQuestions, afterQuestions - idle);
        OUT.line("VmHWM (peak of the whole run): %.1f MiB", ProcStats.mib(ProcStats.status(bot.pid()).get("VmHWM")));
    }

    private static double rss(Process bot) throws IOException {
        return ProcStats.mib(ProcStats.status(bot.pid()).get("VmRSS"));
    }

    private static int count(List<String> lines, String text) {
        return (int) lines.stream().filter(l -> l.contains(text)).count();
    }

    private static void read(Process process, List<String> lines) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("(reading the bot's output failed: " + e + ")");
        }
    }

    private static void await(String what, BooleanSupplier done) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                OUT.fail("no " + what + " within " + WAIT);
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                OUT.fail("interrupted waiting for " + what);
            }
        }
    }

    /** A PNG of random pixels (about 3 bytes a pixel: noise does not compress). */
    private static byte[] png(int seed, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(seed);
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static double p90(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.9) - 1));
    }
}
