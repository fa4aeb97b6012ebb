package io.cow.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/jvm.options, the JVM options of every launcher: the JVM accepts it, and {@code ./cow}, the Docker image
 * and the systemd unit run the bot with it, with {@code COW_JAVA_OPTS} after it so that its options win.
 */
class JvmOptionsTest {

    private static final Pattern FLAG = Pattern.compile("^\\s*\\S+\\s+(\\w+)\\s+[:=]+\\s+(\\S+)", Pattern.MULTILINE);
    /** 200 MiB, what the tests' COW_JAVA_OPTS ask for instead of the file's heap cap. */
    private static final String OVERRIDDEN_HEAP = "209715200";
    private static final Map<String, String> OVERRIDE = Map.of("COW_JAVA_OPTS", "-Xmx200m -XX:+PrintFlagsFinal");

    @TempDir
    Path tmp;

    @Test
    void theJvmAcceptsTheFileAndTakesItsSettings() {
        Processes.Result result = Processes.run(List.of(Repo.java().toString(), "@" + Repo.file("deploy/jvm.options"),
                "-XX:+PrintFlagsFinal", "-version"), tmp, Map.of(), Duration.ofMinutes(1));
        assertThat(result.exitCode()).as(result.all()).isZero();
        Map<String, String> flags = flags(result.stdout());
        assertThat(flags).containsEntry("UseSerialGC", "true").containsEntry("TieredStopAtLevel", "1")
                .containsEntry("ExitOnOutOfMemoryError", "true").containsEntry("MaxHeapSize", String.valueOf(128L << 20));
    }

    @Test
    void theCommonPoolHasThreadsOfItsOwnEvenOnTwoCores() {
        // With 2 cores the common pool's parallelism would be 1, and CompletableFuture would then start a thread per
        // task: the JDK HTTP client's end of every model request. -XX:ActiveProcessorCount=2 is such a machine.
        Processes.Result result = Processes.run(List.of(Repo.java().toString(), "@" + Repo.file("deploy/jvm.options"),
                "-XX:ActiveProcessorCount=2", "-XshowSettings:properties", "-version"), tmp, Map.of(), Duration.ofMinutes(1));
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.all()).contains("java.util.concurrent.ForkJoinPool.common.parallelism = 2");
    }

    @Test
    void theRunScriptUsesTheFileAndCowJavaOptsWins() {
        Map<String, String> env = new HashMap<>(OVERRIDE);
        env.put("PATH", Repo.java().getParent() + ":" + System.getenv("PATH"));
        Processes.Result result = Processes.run(List.of("bash", Repo.file("cow").toString(), "--version"), tmp, env,
                Duration.ofMinutes(5));
        assertLaunchedWithTheFileAndTheOverride(result);
    }

    @Test
    void theDockerEntrypointUsesTheFileAndCowJavaOptsWinsAndTheCommandReachesTheJar() throws IOException {
        Dockerfile.Stage runtime = Dockerfile.parse(Repo.read("Dockerfile")).last();
        assertThat(runtime.all("COPY")).contains("deploy/jvm.options /app/jvm.options");
        // The image's /app, made here: the entrypoint's command as written, with /app pointing at this folder.
        Path app = Files.createDirectory(tmp.resolve("app"));
        Files.copy(Repo.file("deploy/jvm.options"), app.resolve("jvm.options"));
        Files.createSymbolicLink(app.resolve("cow.jar"), Repo.jar());
        List<String> command = new ArrayList<>();
        new ObjectMapper().readTree(runtime.last("ENTRYPOINT"))
                .forEach(w -> command.add(w.asText().replace("/app/", app + "/")));
        command.add("--version");
        Map<String, String> env = new HashMap<>(OVERRIDE);
        env.put("PATH", Repo.java().getParent() + ":" + System.getenv("PATH"));
        assertLaunchedWithTheFileAndTheOverride(Processes.run(command, tmp, env, Duration.ofMinutes(1)));
    }

    @Test
    void theSystemdUnitAndThePackageCarryTheFile() {
        assertThat(Repo.read("deploy/cow.service"))
                .contains("ExecStart=@JAVA@ @/opt/cow/jvm.options $COW_JAVA_OPTS -jar /opt/cow/cow.jar run");
        assertThat(Repo.read("deploy/install.sh")).contains("put_file \"$here/jvm.options\" /opt/cow/jvm.options 644");
        assertThat(Repo.read("deploy/package.sh")).contains("\"$here/jvm.options\"");
    }

    private static void assertLaunchedWithTheFileAndTheOverride(Processes.Result result) {
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.stdout()).as("the jar ran and got the arguments").contains("cow ");
        Map<String, String> flags = flags(result.stdout());
        assertThat(flags).as("from the file").containsEntry("UseSerialGC", "true").containsEntry("TieredStopAtLevel", "1");
        assertThat(flags).as("COW_JAVA_OPTS wins over the file").containsEntry("MaxHeapSize", OVERRIDDEN_HEAP);
    }

    /** The flags -XX:+PrintFlagsFinal printed: name to value. */
    private static Map<String, String> flags(String output) {
        Map<String, String> flags = new HashMap<>();
        Matcher m = FLAG.matcher(output);
        while (m.find()) {
            flags.put(m.group(1), m.group(2));
        }
        return flags;
    }
}
