package io.cow.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cow.app.Heartbeat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Dockerfile and docker-compose.yml, checked without a Docker engine: by a linter (dockerfile-utils, the
 * one the registries we reach offer; hadolint is neither in Debian nor on npm) and by their structure.
 */
class DockerTest {

    private final Dockerfile dockerfile = Dockerfile.parse(Repo.read("Dockerfile"));

    @TempDir
    Path tmp;

    @Test
    void theLinterFindsNothing() throws IOException {
        Path linter = Tools.dockerfileUtils();
        Processes.Result result = Processes.run(List.of(linter.toString(), "lint", "-j", Repo.file("Dockerfile").toString()),
                tmp, Map.of(), Duration.ofMinutes(1));
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(new ObjectMapper().readTree(result.stdout())).as(result.stdout()).isEmpty();
    }

    @Test
    void theLinterWouldCatchAMistake() throws IOException {
        Path linter = Tools.dockerfileUtils();
        Path broken = Files.writeString(tmp.resolve("Dockerfile"), "FROM eclipse-temurin:17-jre\nHEALTHCHECK --interval=soon CMD true\nUSER\n");
        Processes.Result result = Processes.run(List.of(linter.toString(), "lint", "-j", broken.toString()), tmp, Map.of(), Duration.ofMinutes(1));
        assertThat(new ObjectMapper().readTree(result.stdout())).hasSize(2);
    }

    @Test
    void aMavenBuildStageThenAJreRuntimeStage() {
        assertThat(dockerfile.stages()).hasSize(2);
        Dockerfile.Stage build = dockerfile.stages().get(0);
        assertThat(build.name()).isEqualTo("build");
        assertThat(build.image()).startsWith("maven:");
        assertThat(String.join("\n", build.all("RUN"))).contains("mvn ", " package", "-pl app -am", "-DskipPrepare=true");
        Dockerfile.Stage runtime = dockerfile.last();
        assertThat(runtime.image()).contains("jre").matches(".*:(17|21|25)-jre.*");
        assertThat(runtime.all("COPY")).anySatisfy(c -> assertThat(c).startsWith("--from=build ").endsWith(" /app/cow.jar"));
        assertThat(runtime.all("RUN")).noneMatch(r -> r.contains("mvn"));
    }

    /**
     * Debian's docker.io and other engines without BuildKit (or with DOCKER_BUILDKIT=0) build only what the classic
     * builder knows: no syntax directive, no RUN --mount/--network/--security, no COPY --chmod/--link/--parents, no
     * heredocs.
     */
    @Test
    void theClassicBuilderCanBuildItTooNoBuildKitFeatures() {
        String text = Repo.read("Dockerfile");
        assertThat(text.lines().filter(l -> l.matches("(?i)#\\s*syntax\\s*=.*"))).as("syntax directive").isEmpty();
        List<String> instructions = new ArrayList<>();
        dockerfile.stages().forEach(stage -> List.of("RUN", "COPY", "ADD").forEach(kind -> instructions.addAll(stage.all(kind))));
        assertThat(instructions).isNotEmpty().noneMatch(i -> i.matches("(?s).*--(mount|network|security|chmod|link|parents|checksum)\\b.*"))
                .noneMatch(i -> i.matches("(?s).*<<-?\\s*[\"']?[A-Za-z_]+.*"));
        assertThat(Repo.read("docs/deployment.md")).contains("DOCKER_BUILDKIT=0 docker build -t cow ");
    }

    @Test
    void theRuntimeRunsAsAnUnprivilegedUser() {
        String user = dockerfile.last().last("USER");
        assertThat(user).isNotNull();
        String name = user.split(":")[0];
        assertThat(name).isNotIn("root", "0");
        assertThat(String.join("\n", dockerfile.last().all("RUN"))).contains("useradd").contains(name);
    }

    @Test
    void theConfigIsReadFromAppConfigYamlAndTheDataIsAVolume() {
        Dockerfile.Stage runtime = dockerfile.last();
        // The bot reads ./config.yaml when it exists: with /app as working folder that is /app/config.yaml.
        assertThat(runtime.last("WORKDIR")).isEqualTo("/app");
        assertThat(runtime.all("VOLUME")).anySatisfy(v -> assertThat(v).contains("/app/data"));
        assertThat(String.join(" ", runtime.all("ENV"))).contains("COW_DATA_DIR=/app/data");
        assertThat(String.join("\n", runtime.all("RUN"))).contains("chown cow:cow /app/data");
    }

    @Test
    void theEntrypointRunsTheJarAndEnvironmentVariablesReachIt() throws IOException {
        JsonNode entrypoint = new ObjectMapper().readTree(dockerfile.last().last("ENTRYPOINT"));
        List<String> words = new ArrayList<>();
        entrypoint.forEach(w -> words.add(w.asText()));
        // Exec form, a shell only to expand COW_JAVA_OPTS, which then execs java: java is PID 1 and gets the stop
        // signal. JvmOptionsTest runs this command.
        assertThat(words).hasSize(4).startsWith("sh", "-c");
        assertThat(words.get(2)).startsWith("exec java ").contains(" -jar /app/cow.jar \"$@\"");
        assertThat(new ObjectMapper().readTree(dockerfile.last().last("CMD")).get(0).asText()).isEqualTo("run");
    }

    /** The healthcheck's command, run for real against a fresh, a stale and a missing heartbeat file. */
    @Test
    void theHealthcheckTellsAFreshHeartbeatFromAStaleOne() throws IOException {
        String healthcheck = dockerfile.last().last("HEALTHCHECK");
        assertThat(healthcheck).contains("--interval=", "--timeout=", "--start-period=", "--retries=");
        Matcher cmd = Pattern.compile("CMD (\\[.*])$").matcher(healthcheck);
        assertThat(cmd.find()).as(healthcheck).isTrue();
        List<String> command = new ArrayList<>();
        new ObjectMapper().readTree(cmd.group(1)).forEach(w -> command.add(w.asText()));
        assertThat(command.get(0)).isEqualTo("sh");
        assertThat(String.join(" ", command)).contains(Heartbeat.FILE_NAME);

        Path data = Files.createDirectory(tmp.resolve("data"));
        Map<String, String> env = Map.of("COW_DATA_DIR", data.toString());
        assertThat(Processes.run(command, tmp, env, Duration.ofSeconds(30)).exitCode()).as("no heartbeat yet").isNotZero();

        Path heartbeat = Files.writeString(data.resolve(Heartbeat.FILE_NAME), "unhealthy " + Instant.now()
                + ": the database has failed writes for 2m\n");
        assertThat(Processes.run(command, tmp, env, Duration.ofSeconds(30)).exitCode()).as("a fresh heartbeat saying unhealthy")
                .isNotZero();

        Files.writeString(heartbeat, "ok " + Instant.now() + "\n");
        assertThat(Processes.run(command, tmp, env, Duration.ofSeconds(30)).exitCode()).as("a fresh heartbeat").isZero();

        // The bot rewrites the file every Heartbeat.INTERVAL: two missed beats must not count as dead yet.
        Files.setLastModifiedTime(heartbeat, FileTime.from(Instant.now().minus(Heartbeat.INTERVAL.multipliedBy(2)).minusSeconds(5)));
        assertThat(Processes.run(command, tmp, env, Duration.ofSeconds(30)).exitCode()).as("two beats missed").isZero();

        Files.setLastModifiedTime(heartbeat, FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));
        assertThat(Processes.run(command, tmp, env, Duration.ofSeconds(30)).exitCode()).as("a stale heartbeat").isNotZero();
    }

    @Test
    void noSecretOrBuildOutputGoesIntoTheBuildContext() {
        List<String> ignored = Repo.read(".dockerignore").lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat(ignored).contains("config.yaml", "data", ".git", "**/target");
    }

    @Test
    void theImageExposesTheConsolePortAndComposePublishesItOnThisMachineOnly() {
        Dockerfile.Stage runtime = dockerfile.last();
        assertThat(runtime.all("EXPOSE")).containsExactly("9899");
        // Inside the container the console must listen beyond the container's own loopback, or nothing reaches it.
        assertThat(String.join(" ", runtime.all("ENV"))).contains("COW_CONSOLE_HOST=0.0.0.0", "COW_CONSOLE_PORT=9899");
        JsonNode service = Repo.yaml("docker-compose.yml").path("services").path("cow");
        List<String> ports = new ArrayList<>();
        service.path("ports").forEach(p -> ports.add(p.asText()));
        assertThat(ports).containsExactly("127.0.0.1:9899:9899");
        List<String> environment = new ArrayList<>();
        service.path("environment").fieldNames().forEachRemaining(environment::add);
        assertThat(environment).contains("COW_CONSOLE_PASSWORD", "COW_CONSOLE_PUBLIC_URL");
    }

    @Test
    void composeRestartsTheBotRotatesItsLogAndMountsConfigAndData() {
        JsonNode service = Repo.yaml("docker-compose.yml").path("services").path("cow");
        assertThat(service.path("build").asText()).isEqualTo(".");
        assertThat(service.path("restart").asText()).isEqualTo("always");
        JsonNode logging = service.path("logging");
        assertThat(logging.path("driver").asText()).isEqualTo("json-file");
        assertThat(logging.path("options").path("max-size").asText()).isEqualTo("10m");
        assertThat(logging.path("options").path("max-file").asText()).isEqualTo("3");

        List<String> mounts = new ArrayList<>();
        service.path("volumes").forEach(v -> mounts.add(v.path("type").asText() + " " + v.path("source").asText() + " "
                + v.path("target").asText() + (v.path("read_only").asBoolean() ? " ro" : "")));
        assertThat(mounts).containsExactlyInAnyOrder("bind ./config.yaml /app/config.yaml ro", "volume cow-data /app/data");
        assertThat(Repo.yaml("docker-compose.yml").path("volumes").has("cow-data")).isTrue();

        List<String> environment = new ArrayList<>();
        service.path("environment").fieldNames().forEachRemaining(environment::add);
        assertThat(environment).contains("OPENAI_API_KEY", "OPENAI_ORGANIZATION_KEY", "CHATGPT_TRIGGER_KEYWORD",
                "OPENAI_BASE_URL", "OPENAI_MODEL", "COW_CHANNEL", "COW_JAVA_OPTS");
        service.path("environment").forEach(v -> assertThat(v.asText()).as("passed through from the host").matches("\\$\\{[A-Z_]+:-}"));
    }
}
