package io.cow.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration the Compute Nest RunCommand writes: the template's script, with a sample parameter set
 * substituted as ROS would, runs for real up to the point where the file is written, and the built bot's
 * {@code check-config} accepts the file.
 */
class RunCommandConfigIT {

    private static final String MAIN_MARKER = "# ---- main ----";

    @TempDir
    Path dir;

    private final RosTemplate template = RosTemplate.load();

    /** Runs the script's definitions (everything before main) and then {@code write_config FILE}. */
    private Path writeConfig(Map<String, String> values, String name) throws IOException {
        String script = template.runCommandScript(values);
        int main = script.indexOf(MAIN_MARKER);
        assertThat(main).as("the RunCommand script marks where its main part starts").isPositive();
        Path part = Files.writeString(dir.resolve(name + ".sh"), script.substring(0, main) + "write_config \"$1\"\n");
        Path config = dir.resolve(name + ".yaml");
        Processes.Result result = Processes.run(List.of(Tools.bash().toString(), part.toString(), config.toString()), dir,
                Map.of(), Duration.ofSeconds(30));
        assertThat(result.exitCode()).as(result.all()).isZero();
        return config;
    }

    private List<String> allowedChannels() {
        List<String> allowed = new ArrayList<>();
        template.parameters().path("Channel").path("AllowedValues").forEach(v -> allowed.add(v.asText()));
        return allowed;
    }

    /** The sample values satisfy the template's own constraints, so the form would accept them. */
    private void assertTheFormAccepts(Map<String, String> values) {
        values.forEach((name, value) -> {
            JsonNode p = template.parameters().path(name);
            assertThat(p.isMissingNode()).as("parameter %s", name).isFalse();
            if (p.has("AllowedPattern")) {
                assertThat(Pattern.compile(p.get("AllowedPattern").asText()).matcher(value).matches()).as("%s matches its pattern", name).isTrue();
            }
            if (p.has("MinLength")) {
                assertThat(value.length()).as(name).isGreaterThanOrEqualTo(p.get("MinLength").asInt());
            }
            if (p.has("MaxLength")) {
                assertThat(value.length()).as(name).isLessThanOrEqualTo(p.get("MaxLength").asInt());
            }
            if (p.has("AllowedValues")) {
                List<String> allowed = new ArrayList<>();
                p.get("AllowedValues").forEach(v -> allowed.add(v.asText()));
                assertThat(allowed).as("%s is one of the allowed values", name).contains(value);
            }
        });
    }

    @Test
    void theWrittenFileHoldsTheFormsValuesExactlyAndOnlyItsOwnerMayReadIt() throws IOException {
        Map<String, String> values = Samples.tricky("web");
        assertTheFormAccepts(values);
        Path config = writeConfig(values, "tricky");

        JsonNode yaml = Repo.yaml(config);
        assertThat(yaml.path("openaiApiKey").asText()).isEqualTo(values.get("OpenAIApiKey"));
        assertThat(yaml.path("openaiOrganizationID").asText()).isEqualTo(values.get("OpenAIOrganizationID"));
        assertThat(yaml.path("chatgptTriggerKeyword").asText()).isEqualTo(values.get("ChatgptTriggerKeyword"));
        assertThat(yaml.path("model.name").asText()).isEqualTo(values.get("ModelName"));
        assertThat(yaml.path("model.baseUrl").asText()).isEqualTo(values.get("ModelBaseUrl"));
        assertThat(yaml.path("channel").asText()).isEqualTo("web");
        assertThat(yaml.path("dataDir").asText()).isEqualTo("/var/lib/cow");
        assertThat(yaml.path("console.port").asInt()).isEqualTo(9899);
        assertThat(yaml.path("console.host").asText()).as("a console password opens the console").isEqualTo("0.0.0.0");
        assertThat(yaml.path("console.password").asText()).isEqualTo(values.get("ConsolePassword"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rw-------");
        assertThat(dir.resolve("tricky.yaml.new")).doesNotExist();
    }

    @Test
    void checkConfigAcceptsWhatTheRunCommandWrites() throws IOException {
        String channel = Cow.deployableChannel(dir, "web", allowedChannels());
        Map<String, String> values = Samples.tricky(channel);
        Path config = writeConfig(values, "sample");
        Processes.Result check = Cow.checkConfig(config);
        System.out.println("=== config written by the RunCommand (channel " + channel + ") ===\n" + Files.readString(config)
                + "=== cow check-config ===\n" + check.stdout() + check.stderr());

        assertThat(check.exitCode()).as(check.all()).isZero();
        assertThat(check.stdout()).contains("Configuration OK.")
                .containsPattern("chatgptTriggerKeyword += " + Pattern.quote(values.get("ChatgptTriggerKeyword")) + " +\\[config file]")
                .containsPattern("model.name += deepseek-chat +\\[config file]")
                .containsPattern("model.baseUrl += https://api.deepseek.com/v1 +\\[config file]")
                .containsPattern("channel += " + channel + " +\\[config file]")
                .containsPattern("openaiApiKey += .*redacted.* +\\[config file]")
                .containsPattern("console.password += .*redacted.* +\\[config file]")
                .doesNotContain(values.get("OpenAIApiKey")).doesNotContain(values.get("ConsolePassword"));
    }

    @Test
    void theTemplateDefaultsAreAcceptedToo() throws IOException {
        String channel = Cow.deployableChannel(dir, "web", allowedChannels());
        Path config = writeConfig(Samples.minimal(channel), "minimal");
        Processes.Result check = Cow.checkConfig(config);
        assertThat(check.exitCode()).as(check.all()).isZero();
        assertThat(check.stdout()).containsPattern("model.name += gpt-4o ")
                .containsPattern("model.baseUrl += https://api.openai.com/v1 ")
                .containsPattern("console.host += 127.0.0.1 +\\[default]")
                .containsPattern("console.port += 9899 +\\[config file]");
    }

    /** With the template's default channel, the file is right; at most the channel may be missing from this build. */
    @Test
    void withTheDefaultChannelOnlyAChannelMissingFromThisBuildCouldBeWrong() throws IOException {
        Path config = writeConfig(Samples.tricky("web"), "default-channel");
        Processes.Result check = Cow.checkConfig(config);
        if (Cow.channels(dir).contains("web")) {
            assertThat(check.exitCode()).as(check.all()).isZero();
        } else {
            List<String> problems = check.stderr().lines().filter(l -> l.trim().startsWith("- ")).toList();
            assertThat(problems).as(check.all()).hasSize(1);
            assertThat(problems.get(0)).contains("config key 'channel'").contains("'web'");
        }
    }
}
