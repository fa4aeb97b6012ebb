package io.cow.testkit.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command for a test, in a separate process that inherits none of the bot's settings (OPENAI_*, COW_*,
 * CHATGPT_*, the *_PROXY variables) from the environment of the test's JVM: a developer's own key, channel or proxy must
 * not change a result.
 */
public final class ProcessRun {

    /** What a finished command printed. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    private ProcessRun() {
    }

    /** A builder for the command in {@code workDir}, with the environment cleaned and then {@code env} added. */
    public static ProcessBuilder builder(List<String> command, Path workDir, Map<String, String> env) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("OPENAI_") || k.startsWith("COW_") || k.startsWith("CHATGPT_")
                || k.toUpperCase(java.util.Locale.ROOT).endsWith("_PROXY"));
        builder.environment().putAll(env);
        return builder;
    }

    /**
     * Runs the command to its end, feeding it {@code stdin} (then closed).
     *
     * @throws AssertionError when it has not ended within the timeout (it is killed; the message holds its output)
     */
    public static Result run(List<String> command, Path workDir, Map<String, String> env, String stdin, Duration timeout)
            throws IOException, InterruptedException {
        Process process = builder(command, workDir, env).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread outPump = pump(process.getInputStream(), out);
        Thread errPump = pump(process.getErrorStream(), err);
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not end within " + timeout + "\nstdout:\n" + out + "\nstderr:\n" + err);
        }
        outPump.join(5_000);
        errPump.join(5_000);
        return new Result(process.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Copies what a process writes into {@code to} on a daemon thread, until the process closes its side. */
    public static Thread pump(InputStream from, ByteArrayOutputStream to) {
        Thread thread = new Thread(() -> {
            try (from) {
                from.transferTo(to);
            } catch (IOException e) {
                // the process ended and closed its side; what was read so far is kept
            }
        }, "process-output");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
