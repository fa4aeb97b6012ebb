package io.cow.deploy;

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

/** Runs a command to its end, with a clean environment as far as the bot's settings go. */
final class Processes {

    /** What a finished command printed. */
    record Result(int exitCode, String stdout, String stderr) {
        String all() {
            return "exit code " + exitCode + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
        }
    }

    private Processes() {
    }

    static Result run(List<String> command, Path workDir, Map<String, String> env, Duration timeout) {
        return run(command, workDir, env, "", timeout);
    }

    /** Runs {@code command}; the bot's variables (OPENAI_*, COW_*, CHATGPT_*) of this JVM are not passed on. */
    static Result run(List<String> command, Path workDir, Map<String, String> env, String stdin, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("OPENAI_") || k.startsWith("COW_") || k.startsWith("CHATGPT_"));
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
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
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command, e);
        }
    }

    private static Thread pump(InputStream from, ByteArrayOutputStream to) {
        Thread thread = new Thread(() -> {
            try (from) {
                from.transferTo(to);
            } catch (IOException e) {
                // the process ended and closed its side; what was read so far is kept
            }
        }, "pump");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
