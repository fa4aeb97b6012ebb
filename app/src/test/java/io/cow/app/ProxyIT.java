package io.cow.app;

import io.cow.testkit.net.TestCertificate;
import io.cow.testkit.net.TestProxy;
import io.cow.testkit.openai.FakeOpenAi;
import io.cow.testkit.web.SentMessage;
import io.cow.testkit.web.SimContact;
import io.cow.testkit.web.SimulatorOptions;
import io.cow.testkit.web.WebWeChatSimulator;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar behind {@code HTTPS_PROXY}: model and web WeChat requests go through the proxy the test runs (which alone
 * knows the hosts "model.test" and "websim.test", and ends their TLS with the test's certificate); {@code NO_PROXY}
 * sends a host past it; a host the bot cannot reach is named with its port and the cause in words.
 */
class ProxyIT {

    private static final Duration WAIT = Duration.ofMinutes(2);

    @AutoClose
    private final FakeOpenAi fake = FakeOpenAi.start();
    @AutoClose
    private final TestProxy proxy = TestProxy.start();

    @TempDir
    Path work;

    private TestCertificate certificate;

    @BeforeEach
    void setUp() {
        certificate = TestCertificate.create(work, "model.test", "websim.test");
        proxy.interceptTls(certificate.serverContext()).route("model.test", fake.port());
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("OPENAI_API_KEY", "sk-proxy-it-0123456789");
        env.put("OPENAI_BASE_URL", "https://model.test/v1");
        env.put("HTTPS_PROXY", proxy.url());
        env.put("COW_DATA_DIR", work.resolve("data").toString());
        env.put("COW_MODEL_MAX_RETRIES", "0");
        // The bot's JVM trusts the test's certificate, as it would a company proxy's with COW_JAVA_OPTS.
        env.put("JAVA_TOOL_OPTIONS", String.join(" ", certificate.trustingJvmOptions()));
        return env;
    }

    @Test
    void modelRequestsGoThroughTheProxy() throws Exception {
        CowProcess.Result chat = CowProcess.jar(work, env(), "hello\n", WAIT, "chat");

        assertThat(chat.exitCode()).as(chat.all()).isZero();
        assertThat(chat.stdoutLines()).containsExactly("bot: Echo: hello");
        assertThat(proxy.requests()).contains("CONNECT model.test:443");
        assertThat(fake.requests()).isNotEmpty();
    }

    @Test
    void noProxySendsAHostPastTheProxyAndTheFailureNamesHostPortAndCause() throws Exception {
        Map<String, String> env = env();
        env.put("NO_PROXY", "localhost,.model.test");

        CowProcess.Result chat = CowProcess.jar(work, env, "hello\n", WAIT, "chat");

        assertThat(chat.exitCode()).as(chat.all()).isZero();
        assertThat(chat.stdoutLines()).containsExactly("bot: 🤖️：ChatGPT摆烂了，请稍后再试～");
        assertThat(proxy.count("model.test")).isZero();
        assertThat(fake.requests()).isEmpty();
        assertThat(chat.stderr()).contains("cannot reach model.test:443: the host name could not be resolved (DNS)")
                .doesNotContain("(null)");
    }

    @Test
    void checkConfigShowsTheEffectiveProxyWithoutItsPassword() throws Exception {
        Map<String, String> env = env();
        env.put("HTTPS_PROXY", "http://alice:pr0xy-s3cret@proxy.example:3128");
        env.put("ALL_PROXY", "socks5://127.0.0.1:7891");

        CowProcess.Result check = CowProcess.jar(work, env, "", WAIT, "check-config");

        assertThat(check.exitCode()).as(check.all()).isZero();
        assertThat(check.stdout()).contains("https:// and gRPC: http://alice:***@proxy.example:3128 (from HTTPS_PROXY)")
                .contains("http://: direct")
                .contains("ALL_PROXY = socks5://127.0.0.1:7891 is a socks5 proxy")
                .doesNotContain("pr0xy-s3cret");
    }

    @Test
    void webWeChatRequestsGoThroughTheProxy() throws Exception {
        try (WebWeChatSimulator sim = WebWeChatSimulator.start(SimulatorOptions.defaults()
                .selfNickName("Botty").syncCheckHold(Duration.ofSeconds(1)).loginPollHold(Duration.ofMillis(300)))) {
            proxy.route("websim.test", sim.port());
            SimContact alice = sim.addFriend("Alice");
            Map<String, String> env = env();
            env.put("COW_WEB_ENDPOINT", "https://websim.test");
            env.put("COW_MODEL_SELF_TEST", "false");
            try (CowProcess.Running cow = CowProcess.startJar(work, env, "run")) {
                String uuid = sim.awaitQrUuid(WAIT);
                sim.scan(uuid);
                sim.confirm(uuid);
                cow.awaitOutput("✅ Logged in", WAIT);
                sim.awaitPolling(WAIT);
                sim.sendText(alice, "hello");
                sim.awaitSent(1, WAIT);
                assertThat(sim.sentTo(alice)).extracting(SentMessage::content).containsExactly("Echo: hello");
            }
        }
        assertThat(proxy.requests()).contains("CONNECT websim.test:443", "CONNECT model.test:443");
        assertThat(proxy.count("websim.test")).isPositive();
    }
}
