package io.cow.bench.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts the context switches of another process (voluntary + involuntary, all its threads) from Linux's
 * /proc/PID/task/TID/status. Linux keeps the counts per thread, and a thread's count is gone once the thread ends,
 * so a sampler thread reads every thread's count every {@code periodMillis}, and a total adds each thread's last
 * reading: a thread that ends between two readings loses at most one period of its switches.
 */
public final class ContextSwitches implements AutoCloseable {

    private final Path tasks;
    private final Map<String, Long> lastByThread = new HashMap<>();
    private final Map<String, Long> involuntaryByThread = new HashMap<>();
    private final Map<String, String> nameByThread = new HashMap<>();
    private final Thread sampler;
    private volatile boolean running = true;

    /** Starts sampling the process at once. */
    public ContextSwitches(long pid, long periodMillis) {
        this.tasks = Path.of("/proc/" + pid + "/task");
        sample();
        sampler = new Thread(() -> {
            while (running) {
                try {
                    Thread.sleep(periodMillis);
                } catch (InterruptedException e) {
                    return;
                }
                sample();
            }
        }, "ctxt-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Switches so far, of every thread the process had since sampling started (read now). */
    public synchronized long total() {
        sample();
        return lastByThread.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Involuntary switches so far (the thread was preempted, e.g. by other processes on a busy machine), all threads. */
    public synchronized long involuntary() {
        sample();
        return involuntaryByThread.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Switches so far per thread name, pools added up ("answer-1" and "answer-2" count as "answer-N"). */
    public synchronized Map<String, Long> byThreadName() {
        sample();
        Map<String, Long> byName = new HashMap<>();
        lastByThread.forEach((tid, switches) -> byName.merge(nameByThread.get(tid), switches, Long::sum));
        return byName;
    }

    /** The threads with the most switches between two {@link #byThreadName} readings, as "name 1234; ...". */
    public static String busiest(Map<String, Long> before, Map<String, Long> after, int limit) {
        StringBuilder line = new StringBuilder();
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .limit(limit)
                .forEach(e -> line.append(' ').append(e.getKey()).append(' ').append(e.getValue()).append(';'));
        return line.toString();
    }

    private synchronized void sample() {
        List<Path> threads;
        try (var list = Files.list(tasks)) {
            threads = list.toList();
        } catch (IOException processEnded) {
            return;
        }
        for (Path thread : threads) {
            try {
                long switches = 0;
                long involuntary = 0;
                String name = "?";
                for (String line : Files.readAllLines(thread.resolve("status"))) {
                    if (line.startsWith("Name:")) {
                        name = line.substring(5).trim().replaceAll("\\d+", "N");
                    }
                    if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
                        long count = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        switches += count;
                        if (line.startsWith("non")) {
                            involuntary = count;
                        }
                    }
                }
                lastByThread.put(thread.getFileName().toString(), switches);
                involuntaryByThread.put(thread.getFileName().toString(), involuntary);
                nameByThread.put(thread.getFileName().toString(), name);
            } catch (IOException threadEnded) {
                // the thread ended between listing and reading; its last reading stays
            }
        }
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
