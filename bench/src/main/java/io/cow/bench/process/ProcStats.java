package io.cow.bench.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** CPU time and memory of another process, read from Linux's /proc. */
public final class ProcStats {

    private static final long TICKS_PER_SECOND = clockTicksPerSecond();

    private ProcStats() {
    }

    /** CPU seconds (user + system) the process has used so far. */
    public static double cpuSeconds(long pid) throws IOException {
        return ticks(Files.readString(Path.of("/proc/" + pid + "/stat"))) / (double) TICKS_PER_SECOND;
    }

    /**
     * CPU seconds per thread name; threads of one pool are added up, their numbers replaced by N ("answer-1" and
     * "answer-2" count as "answer-N").
     */
    public static Map<String, Double> cpuSecondsByThread(long pid) throws IOException {
        Map<String, Double> seconds = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("\\d+", "N");
                    seconds.merge(name, ticks(stat) / (double) TICKS_PER_SECOND, Double::sum);
                } catch (IOException threadEnded) {
                    // the thread ended between listing and reading
                }
            }
        }
        return seconds;
    }

    /** The busiest threads between two {@link #cpuSecondsByThread} readings, as "name 1.23s; ...". */
    public static String busiest(Map<String, Double> before, Map<String, Double> after, int limit) {
        StringBuilder line = new StringBuilder();
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0.0)))
                .filter(e -> e.getValue() > 0)
                .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                .limit(limit)
                .forEach(e -> line.append(String.format(Locale.ROOT, " %s %.2fs;", e.getKey(), e.getValue())));
        return line.toString();
    }

    /** The fields of /proc/PID/status (VmHWM, VmRSS, Threads, ...), values as written there. */
    public static Map<String, String> status(long pid) throws IOException {
        Map<String, String> status = new HashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                status.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return status;
    }

    /** A /proc "123456 kB" value in MiB. */
    public static double mib(String kb) {
        return kb == null ? Double.NaN : Long.parseLong(kb.replace("kB", "").trim()) / 1024.0;
    }

    /** utime + stime in clock ticks: fields 14 and 15 of a stat line (counted after the command's closing parenthesis). */
    private static long ticks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static long clockTicksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            p.waitFor(5, TimeUnit.SECONDS);
            return Long.parseLong(out);
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
