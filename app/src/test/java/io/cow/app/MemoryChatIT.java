package io.cow.app;

import io.cow.app.store.SqliteStore;
import io.cow.app.store.StoreOptions;
import io.cow.core.store.ConversationKey;
import io.cow.core.store.Turn;
import io.cow.testkit.await.Await;
import io.cow.testkit.openai.FakeOpenAi;
import io.cow.testkit.openai.RecordedRequest;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Conversation memory through the built jar: {@code ./cow chat}, restarts, a SIGKILL, a damaged database. */
class MemoryChatIT {

    @AutoClose
    private final FakeOpenAi fake = FakeOpenAi.start();

    @TempDir
    Path work;

    private Path dataDir() {
        return work.resolve("data");
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("OPENAI_API_KEY", "sk-test");
        env.put("OPENAI_BASE_URL", fake.baseUrl());
        env.put("COW_DATA_DIR", dataDir().toString());
        env.put("COW_MODEL_SELF_TEST", "false");
        return env;
    }

    /** Answers like a model that remembers only what it is sent. */
    private void answerFromTheConversation() {
        fake.answer(r -> {
            if (r.lastUserMessage().equals("My name is Alice.")) {
                return "Nice to meet you.";
            }
            boolean told = r.messages().stream().anyMatch(m -> m.role().equals("user") && m.content().equals("My name is Alice."));
            return told ? "Your name is Alice." : "I do not know your name.";
        });
    }

    @Test
    void chatRemembersTheConversationAndResetForgetsIt() throws Exception {
        answerFromTheConversation();

        CowProcess.Result result = CowProcess.jar(work, env(),
                "My name is Alice.\nWhat is my name?\n#reset\nWhat is my name?\n#help\n", Duration.ofMinutes(2), "chat");

        assertThat(result.exitCode()).as(result.all()).isZero();
        List<String> lines = result.stdoutLines();
        assertThat(lines.subList(0, 4)).containsExactly(
                "bot: Nice to meet you.",
                "bot: Your name is Alice.",
                "bot: 🧹 记忆已清除，我们重新开始吧。/ Memory cleared: the next question starts a new conversation.",
                "bot: I do not know your name.");
        assertThat(String.join("\n", lines.subList(4, lines.size()))).contains("#reset").contains("#清除记忆").contains("#help");
        assertThat(fake.requests()).as("commands never reach the model").hasSize(3);
    }

    @Test
    void aRestartedChatContinuesTheConversation() throws Exception {
        answerFromTheConversation();
        CowProcess.Result first = CowProcess.jar(work, env(), "My name is Alice.\n", Duration.ofMinutes(2), "chat");
        assertThat(first.exitCode()).as(first.all()).isZero();

        CowProcess.Result second = CowProcess.jar(work, env(), "What is my name?\n", Duration.ofMinutes(2), "chat");

        assertThat(second.exitCode()).as(second.all()).isZero();
        assertThat(second.stdoutLines()).containsExactly("bot: Your name is Alice.");
    }

    @Test
    void aBotKilledInTheMiddleOfABurstLosesNoCompletedTurn() throws Exception {
        fake.latency(Duration.ofMillis(100));
        Map<String, String> env = env();
        env.put("COW_MEMORY_HISTORY_TOKENS", "100000");
        ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-jar", CowProcess.jar().toString(), "chat")
                .directory(work.toFile()).redirectError(work.resolve("stderr.txt").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("OPENAI_") || k.startsWith("COW_") || k.startsWith("CHATGPT_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        List<String> answers = new CopyOnWriteArrayList<>();
        Thread reader = readLines(process, answers);
        try {
            OutputStream in = process.getOutputStream();
            StringBuilder burst = new StringBuilder();
            for (int i = 1; i <= 60; i++) {
                burst.append("question ").append(i).append('\n');
            }
            in.write(burst.toString().getBytes(StandardCharsets.UTF_8));
            in.flush();

            Await.until("10 answers before the kill", Duration.ofMinutes(2), () -> answers.size() >= 10);
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }
        reader.join(5_000);
        assertThat(process.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        assertThat(answers.size()).as("killed in the middle of the burst").isLessThan(60);

        assertThat(integrityCheck(dataDir().resolve("cow.db"))).isEqualTo("ok");
        List<String> printed = answers.stream().map(a -> a.substring("bot: Echo: ".length())).toList();
        try (SqliteStore store = SqliteStore.open(dataDir(), StoreOptions.defaults(), Clock.systemDefaultZone())) {
            List<Turn> turns = store.conversations().newestTurns(new ConversationKey("terminal", "user:you", ""), Long.MAX_VALUE, 1000);
            List<String> stored = turns.stream().map(t -> t.question() + " -> " + t.answer()).toList();
            for (String question : printed) {
                assertThat(stored).contains(question + " -> Echo: " + question);
            }
        }

        CowProcess.Result after = CowProcess.jar(work, env, "what now?\n", Duration.ofMinutes(2), "chat");
        assertThat(after.exitCode()).as(after.all()).isZero();
        List<String> printedAfter = after.stdoutLines().stream().map(a -> a.substring("bot: Echo: ".length())).toList();
        for (int i = 1; i <= 60; i++) {
            assertThat(printed.contains("question " + i) || printedAfter.contains("question " + i))
                    .as("question %d was answered before the kill or, taken in by then, after the restart", i).isTrue();
        }
        RecordedRequest followUp = fake.requests().stream().filter(r -> r.lastUserMessage().equals("what now?")).findFirst().orElseThrow();
        List<String> sentUserMessages = followUp.messages().stream().filter(m -> m.role().equals("user")).map(RecordedRequest.Message::content).toList();
        assertThat(sentUserMessages).containsAll(printed).endsWith("what now?");
    }

    @Test
    void aDamagedDatabaseStopsTheBotWithAClearMessage() throws Exception {
        Files.createDirectories(dataDir());
        Path db = dataDir().resolve("cow.db");
        Files.write(db, "this is not a database, just some bytes that happen to be here".repeat(100).getBytes(StandardCharsets.UTF_8));

        CowProcess.Result result = CowProcess.jar(work, env(), "hello\n", Duration.ofMinutes(2), "chat");

        assertThat(result.exitCode()).isEqualTo(Main.CONFIG_ERROR);
        assertThat(result.stderr()).contains("❌ Configuration error")
                .contains("the database file " + db.toAbsolutePath() + " cannot be used: it is not a SQLite database")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(fake.requests()).isEmpty();
    }

    private static Thread readLines(Process process, List<String> answers) {
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("bot: ")) {
                        answers.add(line);
                    }
                }
            } catch (java.io.IOException e) {
                // the process was killed
            }
        });
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    private static String integrityCheck(Path file) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("PRAGMA integrity_check")) {
            List<String> findings = new ArrayList<>();
            while (rows.next()) {
                findings.add(rows.getString(1));
            }
            return String.join("; ", findings);
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
