package io.cow.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.cow.testkit.await.Await;
import io.cow.testkit.openai.FakeOpenAi;
import io.cow.testkit.web.SimulatorOptions;
import io.cow.testkit.web.WebWeChatSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar's alerts: a webhook receiver on 127.0.0.1 gets one "needs a QR scan" alert when the simulator logs the bot
 * out (1101), one "recovered" after the new login, and nothing for a second logout within the rate limit; the WeCom
 * body has the shape the WeCom group robot accepts, and no alert holds a secret.
 */
class WebhookAlertIT {

    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final String API_KEY = "sk-webhookIT-0123456789abcdef";
    private static final String ROBOT_KEY = "robotkey-5f1e2d3c4b5a";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebWeChatSimulator sim = WebWeChatSimulator.start(SimulatorOptions.defaults()
            .selfNickName("Botty").syncCheckHold(Duration.ofSeconds(1)).loginPollHold(Duration.ofMillis(300)));
    private final FakeOpenAi fake = FakeOpenAi.start();
    private final List<String[]> received = new CopyOnWriteArrayList<>();
    private final HttpServer receiver;

    @TempDir
    Path work;

    WebhookAlertIT() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            received.add(new String[]{exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("Content-Type"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)});
            byte[] ok = "{\"errcode\":0,\"errmsg\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
        sim.close();
        fake.close();
    }

    private List<JsonNode> bodies(String path) {
        return received.stream().filter(r -> r[0].equals(path)).map(r -> {
            try {
                return JSON.readTree(r[2]);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + r[2], e);
            }
        }).toList();
    }

    /** Whether the console says the web channel logged in at or after this time. */
    private static boolean loggedInSince(RunningCow cow, long since) {
        java.util.regex.Matcher port = java.util.regex.Pattern.compile("Console: http://127\\.0\\.0\\.1:(\\d+)").matcher(cow.output());
        if (!port.find()) {
            return false;
        }
        try {
            String json = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port.group(1) + "/api/channels")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            JsonNode web = JSON.readTree(json).path("channels").get(0);
            return web != null && web.path("state").asText().equals("LOGGED_IN") && web.path("since").asLong() >= since;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aLogoutAlertsOnceARecoveryOnceAndASecondLogoutWithinTheRateLimitNotAtAll() throws Exception {
        String hooks = "http://127.0.0.1:" + receiver.getAddress().getPort();
        Files.writeString(work.resolve("config.yaml"), String.join("\n",
                "console:",
                "  port: 0",
                "  publicUrl: https://cow.example.test",
                "alerts:",
                "  minInterval: 10m",
                "  webhooks:",
                "    - {url: \"" + hooks + "/wecom?key=" + ROBOT_KEY + "\", format: wecom}",
                "    - {url: \"" + hooks + "/json\", format: json}",
                ""));
        Map<String, String> env = Map.of("OPENAI_API_KEY", API_KEY, "OPENAI_BASE_URL", fake.baseUrl(),
                "COW_DATA_DIR", work.resolve("data").toString(), "COW_WEB_ENDPOINT", sim.baseUrl(),
                "COW_WEB_RELOGIN_INTERVAL", "1s", "COW_LOG_LEVEL", "DEBUG", "COW_MODEL_SELF_TEST", "false");
        try (RunningCow cow = RunningCow.start(work, env)) {
            sim.scanAndConfirm(WAIT);
            cow.awaitOutput("Logged in to web as Botty", WAIT);
            sim.awaitPolling(WAIT);
            assertThat(received).as("no alert for the first login").isEmpty();

            sim.logoutFromPhone(1101);
            Await.until("one alert per webhook", WAIT, () -> received.size() >= 2);
            JsonNode wecom = bodies("/wecom").get(0);
            assertThat(wecom.path("msgtype").asText()).isEqualTo("text");
            String content = wecom.path("text").path("content").asText();
            assertThat(content).startsWith("[cow]").contains("web", "logged out", "1101", "https://cow.example.test/qr");
            assertThat(content.getBytes(StandardCharsets.UTF_8).length).as("the WeCom robot's limit").isLessThanOrEqualTo(2048);
            assertThat(wecom.fieldNames()).toIterable().containsExactlyInAnyOrder("msgtype", "text");
            JsonNode json = bodies("/json").get(0);
            assertThat(json.path("kind").asText()).isEqualTo("logged_out");
            assertThat(json.path("channel").asText()).isEqualTo("web");
            assertThat(json.path("consoleUrl").asText()).isEqualTo("https://cow.example.test/qr");
            assertThat(received).allSatisfy(r -> assertThat(r[1]).startsWith("application/json"));

            String second = Await.value("a new QR code", WAIT, () -> sim.qrUuids().size() >= 2 ? sim.qrUuids().get(1) : null);
            sim.scan(second);
            sim.confirm(second);
            Await.until("one recovery per webhook", WAIT, () -> received.size() >= 4);
            assertThat(bodies("/json").get(1).path("kind").asText()).isEqualTo("recovered");
            assertThat(bodies("/wecom").get(1).path("text").path("content").asText()).contains("logged in again as Botty");

            sim.awaitPolling(WAIT);
            sim.logoutFromPhone(1101);
            cow.awaitOutput("Alert held back by the rate limit", WAIT);
            String third = Await.value("a third QR code", WAIT, () -> sim.qrUuids().size() >= 3 ? sim.qrUuids().get(2) : null);
            sim.scan(third);
            long thirdConfirmed = System.currentTimeMillis();
            sim.confirm(third);
            // The bot records a login (and tells every login listener, the alerts too) before the console can read it: once
            // the console shows the third login, what the alerts made of it is decided.
            try {
                Await.until("the console to show the third login", WAIT, () -> loggedInSince(cow, thirdConfirmed));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\n" + cow.output(), e);
            }
            // Every recovery the alert source delivers reaches the webhook sink, which posts it or says it passed it over;
            // both happen as the login is recorded. Only the recovery from the alerted logout may have been posted.
            int delivered = cow.output().split("📣 Alert: ✅", -1).length - 1;
            int passedOver = cow.output().split(java.util.regex.Pattern.quote("Alert not for the webhooks (RECOVERED, web)"), -1).length - 1;
            assertThat(delivered - passedOver).as("recoveries posted to the webhooks:\n" + cow.output()).isEqualTo(1);

            assertThat(bodies("/wecom")).hasSize(2);
            assertThat(bodies("/json")).hasSize(2);
            for (String[] request : received) {
                assertThat(request[2]).doesNotContain(API_KEY).doesNotContain(ROBOT_KEY);
            }
            assertThat(cow.output()).doesNotContain(ROBOT_KEY).doesNotContain(API_KEY);
        }
    }
}
