package io.cow.app;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.Arguments;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * {@code check-config} makes every check {@code run} makes at start: for each bad configuration both exit with the
 * configuration error code and print the same problems, naming the key.
 */
class CheckConfigAgreesWithRunTest {

    private static final String KEY = "openaiApiKey: sk-agree-0123456789\n";

    @TempDir
    Path work;

    record Outcome(int exitCode, String problems) {
    }

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                Arguments.of("no API key", "channel: terminal\n", "No API key"),
                Arguments.of("wechaty without a token", KEY + "channel: wechaty\n", "wechaty.token"),
                Arguments.of("wechaty watchdog shorter than its ding", KEY + "channel: wechaty\nwechaty:\n  token: t0k3n-abcdef\n"
                        + "  dingInterval: 30s\n  watchdogTimeout: 10s\n", "wechaty.watchdogTimeout"),
                Arguments.of("wechaty CA certificate that is no file", KEY + "channel: wechaty\nwechaty:\n  token: t0k3n-abcdef\n"
                        + "  tlsCaCert: /no/such/ca.pem\n", "wechaty.tlsCaCert"),
                Arguments.of("a channel this build lacks", KEY + "channel: telegram\n", "config key 'channel'"),
                Arguments.of("a wrong value", KEY + "reply:\n  chunkSize: lots\n", "reply.chunkSize"),
                Arguments.of("a wrong channel value", KEY + "channel: ilink\nilink:\n  baseUrl: not a url\n", "ilink.baseUrl"),
                Arguments.of("a data folder that is a file", KEY + "channel: terminal\ndataDir: DATA_FILE\n", "dataDir"),
                Arguments.of("several problems at once", "channel: wechaty\n", "wechaty.token"),
                Arguments.of("a wechaty instance without a token", KEY + "channels:\n  - name: puppet\n    type: wechaty\n",
                        "channels[puppet]: config key 'wechaty.token'"),
                Arguments.of("two instances of one name", KEY + "channels:\n  - {name: a, type: terminal}\n  - {name: a, type: web}\n",
                        "two instances are named 'a'"),
                Arguments.of("a key a channel type does not have", KEY + "channels:\n  - {name: a, type: web, token: x}\n",
                        "'channels[a].token'"),
                Arguments.of("an owner channel that is no instance", KEY + "alerts:\n  ownerChannel: private\n", "alerts.ownerChannel"),
                Arguments.of("a model profile of an unknown provider", KEY + "models:\n  - {name: fast, provider: openia, model: m, apiKey: k}\n",
                        "profile 'fast' (models[0]), key 'provider': 'openia' is not a provider"),
                Arguments.of("a model profile without its API key", KEY + "models:\n  - {name: claude, provider: anthropic, model: claude-sonnet-4-5}\n",
                        "profile 'claude' (models[0]), key 'apiKey': is missing"),
                Arguments.of("a model profile with a bad URL", KEY + "models:\n  - {name: local, provider: ollama, model: qwen3, baseUrl: 'not a url'}\n",
                        "profile 'local' (models[0]), key 'baseUrl'"),
                Arguments.of("a fallback that is no profile", KEY + "model:\n  fallbacks: [spare]\n", "config key 'model.fallbacks': there is no model profile named 'spare'"),
                Arguments.of("a chat rule naming no profile", KEY + "chats:\n  - {match: {type: group}, profile: spare}\n",
                        "config key 'chats': there is no model profile named 'spare'"),
                Arguments.of("a summary profile that is no profile", KEY + "memory:\n  summarize: true\n  summaryProfile: cheap\n",
                        "config key 'memory.summaryProfile': there is no model profile named 'cheap'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigs")
    void checkConfigAndRunRefuseTheSameWay(String name, String yaml, String named) throws Exception {
        Path blocker = Files.writeString(work.resolve("a-file"), "not a folder");
        Path config = Files.writeString(work.resolve("config.yaml"), yaml.replace("DATA_FILE", blocker.toString()));
        String[] data = {"--config", config.toString()};
        Outcome check = cow("check-config", data);
        Outcome run = cow("run", data);

        assertThat(check.exitCode()).as("check-config exit code").isEqualTo(Main.CONFIG_ERROR);
        assertThat(check.problems()).contains(named);
        assertThat(run).isEqualTo(check);
    }

    private Outcome cow(String command, String... options) {
        String[] args = Stream.concat(Stream.of(command), Stream.of(options)).toArray(String[]::new);
        PrintStream originalErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            // A configuration that run accepted would start the bot: fail instead of waiting for it forever.
            int code = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Main.run(args), command + " did not refuse the configuration");
            return new Outcome(code, problems(err.toString(StandardCharsets.UTF_8)));
        } finally {
            System.setErr(originalErr);
        }
    }

    /** The error block Main prints, without the rest of what the command printed. */
    private static String problems(String stderr) {
        int start = stderr.indexOf("❌ Configuration error:");
        return start < 0 ? "(no configuration error printed)\n" + stderr : stderr.substring(start);
    }
}
