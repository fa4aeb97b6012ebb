package io.cow.app;

import io.cow.testkit.process.ProcessRun;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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

    /** A process that keeps running (the bot), watched while it runs and stopped by the test. */
    static final class Running implements AutoCloseable {
        private final Process process;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();

        private Running(Process process) {
            this.process = process;
            ProcessRun.pump(process.getInputStream(), out);
            ProcessRun.pump(process.getErrorStream(), err);
        }

        long pid() {
            return process.pid();
        }

        /** Everything printed so far, standard output then standard error. */
        String output() {
            return out.toString(StandardCharsets.UTF_8) + "\n" + err.toString(StandardCharsets.UTF_8);
        }

        /** Waits until the output contains this text. */
        void awaitOutput(String text, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!output().contains(text)) {
                if (!process.isAlive()) {
                    throw new AssertionError("cow exited with " + process.exitValue() + " before printing \"" + text + "\":\n" + output());
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("cow did not print \"" + text + "\" within " + timeout + ":\n" + output());
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }

        /** Kills the process at once, as {@code kill -9} does: no shutdown hook runs. */
        void kill() throws InterruptedException {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }

        boolean isAlive() {
            return process.isAlive();
        }

        /** Stops the process as Ctrl-C would (its shutdown hook runs), forcibly after a grace period. */
        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Starts {@code java -jar cow.jar args} and returns at once; stdin is closed. */
    static Running startJar(Path workDir, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar", jar().toString()));
        command.addAll(List.of(args));
        Process process = ProcessRun.builder(command, workDir, withConsolePort(env)).start();
        process.getOutputStream().close();
        return new Running(process);
    }

    /**
     * The console on an ephemeral port unless the test chose one: its default (9899) is one fixed port, and several
     * builds run these tests at once on a machine (a second bot would stop with "address already in use").
     */
    private static Map<String, String> withConsolePort(Map<String, String> env) {
        Map<String, String> chosen = new HashMap<>(env);
        chosen.putIfAbsent("COW_CONSOLE_PORT", "0");
        return chosen;
    }

    /** A port on 127.0.0.1 where nothing listens (it was free a moment ago): a server the bot cannot reach. */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Result run(List<String> command, Path workDir, Map<String, String> env, String stdin, Duration timeout) throws Exception {
        ProcessRun.Result r = ProcessRun.run(command, workDir, withConsolePort(env), stdin, timeout);
        return new Result(r.exitCode(), r.stdout(), r.stderr());
    }

    private CowProcess() {
    }
}
