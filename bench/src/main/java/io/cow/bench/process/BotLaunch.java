package io.cow.bench.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of the bot as the launchers run it ({@code ./cow}, the Docker image, the systemd unit):
 * {@code java @deploy/jvm.options <extra options> -jar cow.jar}, so that a harness measures the default settings.
 *
 * @param jar         the bot's jar
 * @param jvmOptions  the launchers' JVM options file, or null to run the JVM with its own defaults
 * @param extraJvmOpts more JVM options, after the file's (so they override it, as {@code COW_JAVA_OPTS} does)
 */
public record BotLaunch(Path jar, Path jvmOptions, List<String> extraJvmOpts) {

    /** The launchers' options file of this checkout. */
    public static final Path DEFAULT_JVM_OPTIONS = Path.of("deploy", "jvm.options");

    /**
     * From harness options: {@code jvmOptionsOption} is a file, "none", or null for {@link #DEFAULT_JVM_OPTIONS};
     * {@code javaOpts} is a space-separated list of extra options, possibly empty.
     */
    public static BotLaunch of(Path jar, String jvmOptionsOption, String javaOpts) {
        Path options = null;
        if (jvmOptionsOption == null) {
            options = Files.isRegularFile(DEFAULT_JVM_OPTIONS) ? DEFAULT_JVM_OPTIONS.toAbsolutePath() : null;
        } else if (!jvmOptionsOption.equals("none")) {
            options = Path.of(jvmOptionsOption).toAbsolutePath();
            if (!Files.isRegularFile(options)) {
                throw new IllegalArgumentException("no JVM options file at " + options);
            }
        }
        List<String> extra = javaOpts == null || javaOpts.isBlank() ? List.of() : List.of(javaOpts.trim().split("\\s+"));
        return new BotLaunch(jar.toAbsolutePath(), options, extra);
    }

    /** The command, starting with the java of this JVM. */
    public List<String> command(String... botArgs) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (jvmOptions != null) {
            command.add("@" + jvmOptions);
        }
        command.addAll(extraJvmOpts);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(botArgs));
        return command;
    }

    /** For reports: which options the bot ran with. */
    public String describe() {
        String file = jvmOptions == null ? "JVM defaults" : "@" + Path.of("").toAbsolutePath().relativize(jvmOptions);
        return extraJvmOpts.isEmpty() ? file : file + " " + String.join(" ", extraJvmOpts);
    }
}
