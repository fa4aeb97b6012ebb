package io.cow.bench.process;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The processes a harness starts (the bot's JVM, the Node peer), stopped with their descendants when the harness
 * exits for any reason: normally, on an error, or interrupted with Ctrl-C or SIGTERM. Without this an interrupted
 * run leaves the bot running.
 */
public final class ChildProcesses {

    private static final List<ProcessHandle> CHILDREN = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ChildProcesses::stopAll, "stop-child-processes"));
    }

    private ChildProcesses() {
    }

    /** Stops this process (and what it started) when the harness exits; returns it. */
    public static Process register(Process process) {
        CHILDREN.add(process.toHandle());
        return process;
    }

    /** Stops the process with this id (and what it started) when the harness exits. */
    public static void register(long pid) {
        ProcessHandle.of(pid).ifPresent(CHILDREN::add);
    }

    /** Stops one process and its descendants now: SIGTERM, then SIGKILL after a grace period. */
    public static void stop(ProcessHandle process, long graceMillis) {
        List<ProcessHandle> tree = new java.util.ArrayList<>(process.descendants().toList());
        tree.add(0, process);
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
        for (ProcessHandle p : tree) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    p.onExit().get(left, TimeUnit.NANOSECONDS);
                }
            } catch (Exception stillAlive) {
                // killed below
            }
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
        CHILDREN.remove(process);
    }

    private static void stopAll() {
        for (ProcessHandle child : CHILDREN) {
            if (child.isAlive()) {
                stop(child, 5_000);
            }
        }
    }
}
