package io.cow.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code ./cow} script or the built jar in a separate process, for integration tests. */
final class CowProcess {

    /** What a finished process printed. */
    record Result(int exitCode, String stdout, String stderr) {
        List<String> stdoutLines() {
            return stdout.lines().filter(l -> !l.isBlank()).toList();
        }

        String all() {
            return stdout + "\n" + stderr;
        }
    }

    static Path repo() {
        return Path.of(System.getProperty("cow.repo", "..")).toAbsolutePath().normalize();
    }

    static Path jar() {
        return Path.of(System.getProperty("cow.jar", "target/cow.jar")).toAbsolutePath();
    }

    /** Runs {@code ./cow args} in {@code workDir} with this environment added, feeding {@code stdin}. */
    static Result script(Path workDir, Map<String, String> env, String stdin, Duration timeout, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", repo().resolve("cow").toString()));
        command.addAll(List.of(args));
        return run(command, workDir, env, stdin, timeout);
    }

    /** Runs {@code java -jar cow.jar args}. */
    static Result jar(Path workDir, Map<String, String> env, String stdin, Duration timeout, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar", jar().toString()));
        command.addAll(List.of(args));
        return run(command, workDir, env, stdin, timeout);
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Result run(List<String> command, Path workDir, Map<String, String> env, String stdin, Duration timeout) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("OPENAI_") || k.startsWith("COW_") || k.startsWith("CHATGPT_"));
        builder.environment().putAll(env);
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
            throw new AssertionError("cow did not exit within " + timeout + "\nstdout:\n" + out + "\nstderr:\n" + err);
        }
        outPump.join(5_000);
        errPump.join(5_000);
        return new Result(process.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Thread pump(InputStream from, ByteArrayOutputStream to) {
        Thread t = new Thread(() -> {
            try (from) {
                from.transferTo(to);
            } catch (IOException ignored) {
                // the process ended
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    private CowProcess() {
    }
}
