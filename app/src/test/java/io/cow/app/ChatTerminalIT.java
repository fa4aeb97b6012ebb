package io.cow.app;

import io.cow.testkit.openai.FakeOpenAi;
import io.cow.testkit.openai.RecordedRequest;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cow chat} at a real terminal (a pseudo-terminal from util-linux's {@code script}): a prompt, no log lines in
 * the conversation (they go to the data folder), one word on why a line got no answer, and no test question.
 */
class ChatTerminalIT {

    private static final Duration WAIT = Duration.ofMinutes(2);

    @AutoClose
    private final FakeOpenAi fake = FakeOpenAi.start();

    @TempDir
    Path work;

    @Test
    void aTerminalChatShowsAPromptKeepsTheLogOutAndSaysOnceWhyALineGotNoAnswer() throws Exception {
        Path data = work.resolve("data");
        String command = "exec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -jar '" + CowProcess.jar() + "' chat";
        Map<String, String> env = Map.of("OPENAI_API_KEY", "sk-test", "OPENAI_BASE_URL", fake.baseUrl(),
                "CHATGPT_TRIGGER_KEYWORD", "Hi bot:", "COW_DATA_DIR", data.toString(), "TERM", "dumb");
        Process process = ProcessRun.builder(List.of("script", "-qefc", command, "/dev/null"), work, env).start();
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        ProcessRun.pump(process.getInputStream(), screen);
        ProcessRun.pump(process.getErrorStream(), screen);
        try (OutputStream keyboard = process.getOutputStream()) {
            awaitScreen(screen, "you> ", 1, process);
            type(keyboard, "hello");
            awaitScreen(screen, "(no answer: ", 1, process);
            awaitScreen(screen, "you> ", 2, process);
            type(keyboard, "hello again");
            type(keyboard, "Hi bot: question");
            awaitScreen(screen, "bot: Echo: question", 1, process);
            awaitScreen(screen, "you> ", 4, process);
            type(keyboard, "/quit");
            assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("chat ended after /quit:\n" + text(screen)).isTrue();
        } finally {
            process.destroyForcibly();
        }

        String shown = text(screen);
        assertThat(process.exitValue()).as(shown).isZero();
        assertThat(count(shown, "(no answer: not triggered: a private message must start with the trigger keyword 'Hi bot:'"))
                .as("the notice, once:\n" + shown).isEqualTo(1);
        assertThat(shown).as("no log line in the conversation").doesNotContain(" INFO ").doesNotContain("🎯 Trigger keyword");
        Path log = data.resolve("logs").resolve("chat.log");
        assertThat(shown).contains(log.toString());
        assertThat(Files.readString(log)).contains("🎯 Trigger keyword in private chat is: Hi bot:", "🎯 Triggered by you: question");
        assertThat(fake.requests()).extracting(RecordedRequest::lastUserMessage).as("no start-up test question").containsExactly("question");
    }

    private static void type(OutputStream keyboard, String line) throws Exception {
        keyboard.write((line + "\r").getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }

    private static String text(ByteArrayOutputStream screen) {
        synchronized (screen) {
            return screen.toString(StandardCharsets.UTF_8);
        }
    }

    private static int count(String text, String part) {
        Matcher m = Pattern.compile(Pattern.quote(part)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** Waits until the screen shows {@code part} at least {@code times} times. */
    private static void awaitScreen(ByteArrayOutputStream screen, String part, int times, Process process) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (count(text(screen), part) < times) {
            if (!process.isAlive()) {
                throw new AssertionError("the chat ended before showing \"" + part + "\" " + times + " times:\n" + text(screen));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the chat did not show \"" + part + "\" " + times + " times within " + WAIT + ":\n" + text(screen));
            }
            Thread.sleep(20);
        }
    }
}
