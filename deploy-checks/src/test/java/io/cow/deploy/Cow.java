package io.cow.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The built bot, run as {@code java -jar cow.jar ...}. */
final class Cow {

    private static final Pattern CHANNELS = Pattern.compile("channels of this build: ([^\\n]+)");

    private Cow() {
    }

    static Processes.Result run(Path workDir, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(Repo.java().toString(), "-jar", Repo.jar().toString()));
        command.addAll(Arrays.asList(args));
        return Processes.run(command, workDir, env, Duration.ofSeconds(60));
    }

    /** {@code cow check-config --config file}, with nothing from the environment. */
    static Processes.Result checkConfig(Path config) {
        return run(config.getParent(), Map.of(), "check-config", "--config", config.toString());
    }

    /**
     * The channels this build has: the channels are built in parallel, so tests ask the jar instead of
     * assuming. A channel name that cannot exist makes check-config list the real ones.
     */
    static List<String> channels(Path workDir) {
        Processes.Result result = run(workDir, Map.of("OPENAI_API_KEY", "x", "COW_CHANNEL", "no-such-channel"), "check-config");
        Matcher m = CHANNELS.matcher(result.stderr());
        if (result.exitCode() == 0 || !m.find()) {
            throw new AssertionError("check-config did not list the channels of this build:\n" + result.all());
        }
        return Arrays.stream(m.group(1).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** The channel to deploy in a test: the template's default when this build has it, else one it has. */
    static String deployableChannel(Path workDir, String preferred, List<String> allowed) {
        List<String> channels = channels(workDir);
        if (channels.contains(preferred)) {
            return preferred;
        }
        return allowed.stream().filter(channels::contains).findFirst().orElse(channels.get(0));
    }
}
