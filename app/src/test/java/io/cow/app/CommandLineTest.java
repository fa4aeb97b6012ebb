package io.cow.app;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line as a new user meets it: options anywhere, help on every command, a real version. */
class CommandLineTest {

    @TempDir
    Path work;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void capture() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "chat", "check-config", "console-password", "store"})
    void everyCommandAnswersHelpWithItsUsage(String command) {
        assertThat(Main.run(command, "--help")).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out()).contains("Usage: cow " + command).contains("--config=FILE").contains("--data=DIR").contains("--help");
    }

    @Test
    void aCommandOfACommandTakesTheSameOptions() {
        assertThat(Main.run("--data", "elsewhere", "store", "migrate", "--help")).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out()).contains("Usage: cow store migrate").contains("--config=FILE").contains("--data=DIR").contains("--to=URL");
    }

    @Test
    void helpOfTheCommandLineListsTheCommands() {
        assertThat(Main.run("--help")).isZero();
        assertThat(out()).contains("Usage: cow").contains("run").contains("chat").contains("check-config");
    }

    @Test
    void optionsWorkBeforeAndAfterTheCommand() throws Exception {
        Path config = Files.writeString(work.resolve("elsewhere.yaml"), "openaiApiKey: sk-from-elsewhere-000\n");
        Path data = work.resolve("my-data");

        assertThat(Main.run("--config", config.toString(), "--data", data.toString(), "check-config")).isZero();
        String before = out();
        out.reset();
        assertThat(Main.run("check-config", "--config", config.toString(), "--data", data.toString())).isZero();
        String after = out();

        for (String printed : new String[]{before, after}) {
            assertThat(printed).contains("Config file: " + config.toAbsolutePath())
                    .containsPattern("dataDir +\\Q= " + data + "\\E +\\[command line\\]");
        }
    }

    @Test
    void theCommandIsFoundWhereverTheOptionsAre() {
        assertThat(Main.commandName(new String[]{"--data", "chat", "run"})).isEqualTo("run");
        assertThat(Main.commandName(new String[]{"--config", "x.yaml", "chat"})).isEqualTo("chat");
        assertThat(Main.commandName(new String[]{"chat", "--data", "run"})).isEqualTo("chat");
        assertThat(Main.commandName(new String[]{"--data", "d"})).isNull();
        assertThat(Main.commandName(new String[]{"--no-such-option"})).isNull();
    }

    @Test
    void theVersionNamesTheBuildAndItsCommit() {
        Properties built = Main.Version.read();
        assertThat(built.getProperty("version")).as("version.properties, filled in by Maven").matches("\\d+\\.\\d+\\.\\d+.*");

        Properties withCommit = new Properties();
        withCommit.setProperty("version", "1.2.3");
        withCommit.setProperty("commit", "abcdef0123");
        assertThat(Main.Version.describe(withCommit)).isEqualTo("1.2.3 (commit abcdef0123)");
        Properties noCheckout = new Properties();
        noCheckout.setProperty("version", "1.2.3");
        noCheckout.setProperty("commit", "");
        assertThat(Main.Version.describe(noCheckout)).isEqualTo("1.2.3");
        noCheckout.setProperty("commit", "${buildNumber}");
        assertThat(Main.Version.describe(noCheckout)).isEqualTo("1.2.3");
        noCheckout.setProperty("commit", "none");
        assertThat(Main.Version.describe(noCheckout)).isEqualTo("1.2.3");
        assertThat(Main.Version.describe(new Properties())).contains("unknown");
    }

    @Test
    void versionWorksOnEveryCommand() {
        assertThat(Main.run("chat", "--version")).isZero();
        assertThat(out()).startsWith("cow ").doesNotContain("development build");
    }
}
