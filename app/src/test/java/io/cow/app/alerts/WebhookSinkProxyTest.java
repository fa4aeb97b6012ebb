package io.cow.app.alerts;

import com.sun.net.httpserver.HttpServer;
import io.cow.core.alert.Alert;
import io.cow.core.alert.AlertKind;
import io.cow.core.config.Settings;
import io.cow.core.config.SettingsResolver;
import io.cow.core.net.Proxies;
import io.cow.core.net.ProxySettings;
import io.cow.testkit.await.Await;
import io.cow.testkit.logging.LogCapture;
import io.cow.testkit.net.TestProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Alert webhooks go through the proxy the environment names, and a robot that cannot be reached is named by host and port. */
class WebhookSinkProxyTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TOKEN = "robot-t0ken-5ecret";

    private final TestProxy proxy = TestProxy.start();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final HttpServer robot = robot();

    @AfterEach
    void stop() {
        robot.stop(0);
        proxy.close();
    }

    private HttpServer robot() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                try (InputStream in = exchange.getRequestBody()) {
                    bodies.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
                byte[] ok = "{\"errcode\":0}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, ok.length);
                exchange.getResponseBody().write(ok);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Proxies proxies(Map<String, String> env) {
        Settings settings = new SettingsResolver(ProxySettings.all()).resolve(Map.of(), "config.yaml", env, Map.of()).settings();
        return Proxies.from(settings);
    }

    private static Alert loggedOut() {
        return new Alert(AlertKind.LOGGED_OUT, "web", "web 已退出登录 🔔", Instant.now());
    }

    @Test
    void theAlertGoesThroughTheProxy() {
        proxy.route("robot.test", robot.getAddress().getPort());
        WebhookSink sink = new WebhookSink(List.of(new AlertSettings.Webhook("http://robot.test/send?key=" + TOKEN, WebhookFormat.WECOM)),
                "", proxies(Map.of("HTTP_PROXY", proxy.url())));
        try (sink) {
            sink.send(loggedOut());
            Await.until("the robot got the alert", WAIT, () -> !bodies.isEmpty());
        }
        assertThat(bodies.get(0)).contains("web 已退出登录 🔔");
        assertThat(proxy.count("robot.test")).isEqualTo(1);
    }

    @Test
    void anUnreachableRobotIsNamedByHostAndPortWithoutItsToken() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        WebhookSink sink = new WebhookSink(List.of(new AlertSettings.Webhook("http://127.0.0.1:" + closed + "/send?key=" + TOKEN,
                WebhookFormat.JSON)), "", proxies(Map.of()));
        String line;
        try (LogCapture log = LogCapture.capture(); sink) {
            sink.send(loggedOut());
            line = log.awaitContaining("Could not send the alert", WAIT);
        }
        assertThat(line).contains("cannot reach 127.0.0.1:" + closed + ": the connection").doesNotContain(TOKEN);
    }
}
