package io.cow.deploy;

import io.cow.testkit.process.ProcessRun;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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
        try {
            ProcessRun.Result r = ProcessRun.run(command, workDir, env, stdin, timeout);
            return new Result(r.exitCode(), r.stdout(), r.stderr());
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command, e);
        }
    }
}
