package io.cow.bench.process;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a harness reads from its command line ({@code --name value} pairs) and how it talks: report lines on
 * standard output, flushed at once so that a long run shows its progress; failures on standard error, exit code 2.
 *
 * @param name  the harness's name, first in its error messages (e.g. "wechaty bench")
 * @param usage the usage line shown when the arguments are not pairs
 */
public record HarnessConsole(String name, String usage) {

    /** The {@code --name value} pairs, by name without the dashes; ends the process with the usage line otherwise. */
    public Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                fail("usage: " + usage);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    /** Ends the harness: the message on standard error, exit code 2. */
    public void fail(String message) {
        System.err.println(name + ": " + message);
        System.exit(2);
    }

    /** One report line, formatted with the root locale (a dot for decimals whatever the machine's language). */
    public void line(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
        System.out.flush();
    }
}
