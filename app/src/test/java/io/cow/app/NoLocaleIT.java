package io.cow.app;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without a locale (LANG and LC_* unset, as in minimal containers and cron, where the JVM's default charset is ASCII)
 * the jar still writes Chinese and emoji as UTF-8: compared byte for byte, since a '?' decodes as itself.
 */
class NoLocaleIT {

    @AutoClose
    private final FakeOpenAi fake = FakeOpenAi.start();

    @TempDir
    Path work;

    /** What the process wrote, as bytes. */
    private record Output(int exitCode, byte[] stdout, byte[] stderr) {
    }

    private Output runWithoutLocale(List<String> command, Map<String, String> env, String stdin) throws Exception {
        ProcessBuilder builder = ProcessRun.builder(command, work, env);
        builder.environment().keySet().removeIf(k -> k.equals("LANG") || k.equals("LANGUAGE") || k.startsWith("LC_"));
        Process process = builder.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread outPump = ProcessRun.pump(process.getInputStream(), out);
        Thread errPump = ProcessRun.pump(process.getErrorStream(), err);
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("the jar ended").isTrue();
        outPump.join(5_000);
        errPump.join(5_000);
        return new Output(process.exitValue(), out.toByteArray(), err.toByteArray());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private Output jarWithoutLocale(Map<String, String> env, String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", CowProcess.jar().toString()));
        command.addAll(List.of(args));
        return runWithoutLocale(command, env, stdin);
    }

    /** Text outside ASCII comes in through the config file (UTF-8): the JVM decodes environment variables by the locale. */
    @Test
    void theChatRoundTripKeepsChineseAndEmoji() throws Exception {
        Files.write(work.resolve("config.yaml"), utf8("chatgptTriggerKeyword: '机器人：'\n"));
        Map<String, String> env = Map.of("OPENAI_API_KEY", "sk-test", "OPENAI_BASE_URL", fake.baseUrl(),
                "COW_DATA_DIR", work.resolve("data").toString());

        Output chat = jarWithoutLocale(env, "机器人：你好 🌏\n", "chat");

        assertThat(chat.exitCode()).as(new String(chat.stderr(), StandardCharsets.UTF_8)).isZero();
        assertThat(chat.stdout()).isEqualTo(utf8("bot: Echo: 你好 🌏\n"));
        assertThat(fake.requests().get(0).lastUserMessage()).isEqualTo("你好 🌏");
        assertThat(chat.stderr()).as("the log").containsSubsequence(utf8("🎯 Trigger keyword in private chat is: 机器人："));
    }

    @Test
    void theErrorMessageOfAFailedModelCallKeepsItsEmoji() throws Exception {
        fake.failAlways(io.cow.testkit.openai.Fault.serverError());
        Map<String, String> env = Map.of("OPENAI_API_KEY", "sk-test", "OPENAI_BASE_URL", fake.baseUrl(),
                "COW_MODEL_MAX_RETRIES", "0", "COW_DATA_DIR", work.resolve("data").toString());

        Output chat = jarWithoutLocale(env, "hello\n", "chat");

        assertThat(chat.stdout()).isEqualTo(utf8("bot: 🤖️：ChatGPT摆烂了，请稍后再试～\n"));
    }

    @Test
    void aConfigurationErrorKeepsChineseAndEmoji() throws Exception {
        Files.write(work.resolve("config.yaml"), utf8("openaiApiKey: sk-test\nchannel: 微信\n"));

        Output check = jarWithoutLocale(Map.of("COW_DATA_DIR", work.resolve("data").toString()), "", "check-config");

        assertThat(check.exitCode()).isEqualTo(2);
        assertThat(check.stderr()).startsWith(utf8("❌ Configuration error:\n"))
                .containsSubsequence(utf8("config key 'channel' (from config.yaml): '微信' is not allowed"));
    }

    /**
     * The launcher gives the JVM a UTF-8 locale when there is none, so it can use a data folder named outside ASCII. This
     * test's own JVM has no locale either, so it names the folder only in the config file and looks at it through the
     * shell, with the name's bytes escaped.
     */
    @Test
    void theLauncherHandlesADataFolderNamedOutsideAscii() throws Exception {
        Files.write(work.resolve("config.yaml"), utf8("dataDir: 数据\nchatgptTriggerKeyword: '机器人：'\n"));
        Map<String, String> env = Map.of("OPENAI_API_KEY", "sk-test", "OPENAI_BASE_URL", fake.baseUrl());

        Output chat = runWithoutLocale(List.of("bash", CowProcess.repo().resolve("cow").toString(), "chat"), env, "机器人：早上好\n");

        assertThat(chat.exitCode()).as(new String(chat.stderr(), StandardCharsets.UTF_8)).isZero();
        assertThat(chat.stdout()).isEqualTo(utf8("bot: Echo: 早上好\n"));
        Output listing = runWithoutLocale(List.of("bash", "-c", "ls \"$(printf '\\346\\225\\260\\346\\215\\256')\""), Map.of(), "");
        assertThat(new String(listing.stdout(), StandardCharsets.UTF_8)).as("the data folder 数据").contains("cow.db");
    }
}
