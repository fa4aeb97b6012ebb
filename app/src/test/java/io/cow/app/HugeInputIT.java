package io.cow.app;

import io.cow.testkit.await.Await;
import io.cow.testkit.openai.FakeOpenAi;
import io.cow.testkit.process.ProcessRun;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Texts meant to bring the bot down, through the jar as the launchers run it (its JVM options: a 128 MiB heap, and
 * the process ends on running out of memory): a megabyte without a space, and 350,000 Chinese characters without
 * punctuation. The bot cuts both to {@code input.maxChars}, stays up and answers the next message.
 */
class HugeInputIT {

    @TempDir
    Path work;

    @AutoClose
    private final FakeOpenAi fake = FakeOpenAi.start();

    @Test
    void aMegabyteWithoutSpacesAnd350000ChineseCharactersDoNotBringTheBotDown() throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + CowProcess.repo().resolve("deploy/jvm.options"), "-jar", CowProcess.jar().toString(), "chat");
        Map<String, String> env = Map.of("OPENAI_API_KEY", "sk-huge-input-0123456789", "OPENAI_BASE_URL", fake.baseUrl(),
                "COW_DATA_DIR", work.resolve("data").toString(), "COW_MODEL_SELF_TEST", "false");
        Process bot = ProcessRun.builder(command, work, env).redirectError(work.resolve("stderr.txt").toFile()).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ProcessRun.pump(bot.getInputStream(), out);
        try (OutputStream in = bot.getOutputStream()) {
            in.write(("x".repeat(1 << 20) + "\n").getBytes(StandardCharsets.UTF_8));
            in.write(("天地玄黄宇宙洪荒".repeat(350_000 / 8) + "\n").getBytes(StandardCharsets.UTF_8));
            in.write("hello after the flood\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            Await.until("the answer to the message after the flood", Duration.ofMinutes(2),
                    () -> out.toString(StandardCharsets.UTF_8).contains("Echo: hello after the flood") || !bot.isAlive());
            long peakRssKib = peakRssKib(bot.pid());
            System.out.printf("peak RSS of the bot: %.1f MiB (heap cap 128 MiB)%n", peakRssKib / 1024.0);
        }
        assertThat(bot.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String stderr = Files.readString(work.resolve("stderr.txt"));
        assertThat(bot.exitValue()).as(stderr).isZero();
        assertThat(stderr).doesNotContain("OutOfMemoryError").contains("was cut to 20000 (input.maxChars)");
        List<String> questions = fake.requests().stream().map(r -> r.lastUserMessage()).toList();
        assertThat(questions).hasSize(3);
        assertThat(questions.get(0)).hasSizeLessThan(20_100).endsWith("[the message was cut here: it had 1048576 characters]");
        assertThat(questions.get(1)).hasSizeLessThan(20_100).endsWith("[the message was cut here: it had 350000 characters]");
        assertThat(questions.get(2)).isEqualTo("hello after the flood");
    }

    /** VmHWM of a running process: the most memory it has held. */
    private static long peakRssKib(long pid) throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }
}
