package io.cow.app;

import io.cow.testkit.await.Await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The built jar running as a bot in a separate process, for integration tests that talk to it while it runs. */
final class RunningCow implements AutoCloseable {

    private final Process process;
    private final StringBuffer output = new StringBuffer();

    private RunningCow(Process process) {
        this.process = process;
        pump(process.getInputStream());
        pump(process.getErrorStream());
    }

    /** Starts {@code java -jar cow.jar args} in {@code workDir} with this environment added. */
    static RunningCow start(Path workDir, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", CowProcess.jar().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("OPENAI_") || k.startsWith("COW_")
                || k.startsWith("CHATGPT_") || k.startsWith("WECHATY_"));
        // The console on an ephemeral port unless the test chose one (as CowProcess does): other builds on this
        // machine may hold the default 9899.
        builder.environment().put("COW_CONSOLE_PORT", "0");
        builder.environment().putAll(env);
        try {
            return new RunningCow(builder.redirectInput(ProcessBuilder.Redirect.PIPE).start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start cow.jar", e);
        }
    }

    /** Everything the process printed so far (standard output and error). */
    String output() {
        return output.toString();
    }

    /** Waits until the output contains this text. */
    void awaitOutput(String text, Duration timeout) {
        try {
            Await.until("cow to print \"" + text + "\"", timeout, () -> output().contains(text) || !process.isAlive());
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\noutput:\n" + output(), e);
        }
        if (!output().contains(text)) {
            throw new AssertionError("cow exited with " + process.exitValue() + " before printing \"" + text + "\":\n" + output());
        }
    }

    /** Stops the bot as a service manager would (SIGTERM) and returns its exit code. */
    int stop() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
    }

    private void pump(InputStream from) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (from) {
                int n;
                while ((n = from.read(buffer)) > 0) {
                    output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        t.setDaemon(true);
        t.start();
    }
}
