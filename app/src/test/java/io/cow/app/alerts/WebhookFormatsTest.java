package io.cow.app.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.cow.core.alert.Alert;
import io.cow.core.alert.AlertKind;
import io.cow.core.net.Proxies;
import io.cow.testkit.await.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The body each robot receives, byte for byte as its documented API expects it: the Feishu custom bot's text message
 * ({@code POST …/open-apis/bot/v2/hook/<token>}, {@code {"msg_type": "text", "content": {"text": …}}}), the DingTalk
 * custom robot's ({@code POST …/robot/send?access_token=…}, {@code {"msgtype": "text", "text": {"content": …}}}), the
 * WeCom group robot's (same shape as DingTalk's) and the generic JSON object. Nothing else in the body: the robots
 * refuse a message whose fields they do not know, or show it wrong.
 */
class WebhookFormatsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Instant AT = Instant.parse("2026-12-08T02:00:00Z");
    private static final String TEXT = "⚠️ web 已退出登录 (1101). A new QR code to scan follows.";
    private static final String QR_PAGE = "https://cow.example.com/qr";

    private final Map<String, Request> received = new ConcurrentHashMap<>();
    private final HttpServer robots = robots();

    private record Request(String method, String contentType, byte[] body) {
    }

    @AfterEach
    void stop() {
        robots.stop(0);
    }

    private HttpServer robots() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                try (InputStream in = exchange.getRequestBody()) {
                    received.put(exchange.getRequestURI().getPath(), new Request(exchange.getRequestMethod(),
                            exchange.getRequestHeaders().getFirst("Content-Type"), in.readAllBytes()));
                }
                byte[] ok = "{\"errcode\":0,\"errmsg\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
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

    @Test
    void eachRobotGetsItsOwnTextMessageShapeInUtf8WithTheQrPageLink() throws Exception {
        String base = "http://127.0.0.1:" + robots.getAddress().getPort();
        List<AlertSettings.Webhook> hooks = List.of(
                new AlertSettings.Webhook(base + "/open-apis/bot/v2/hook/feishu-token", WebhookFormat.parse("feishu")),
                new AlertSettings.Webhook(base + "/robot/send?access_token=dingtalk-token", WebhookFormat.parse("dingtalk")),
                new AlertSettings.Webhook(base + "/cgi-bin/webhook/send?key=wecom-key", WebhookFormat.parse("wecom")),
                new AlertSettings.Webhook(base + "/json", WebhookFormat.parse("json")));
        try (WebhookSink sink = new WebhookSink(hooks, QR_PAGE, Proxies.NONE)) {
            sink.send(new Alert(AlertKind.LOGGED_OUT, "web", TEXT, AT));
            Await.until("every robot got the alert", WAIT, () -> received.size() == 4);
        }
        String shown = "[cow] " + TEXT + "\n" + QR_PAGE;

        assertThat(body("/open-apis/bot/v2/hook/feishu-token")).isEqualTo(JSON.readTree(
                "{\"msg_type\": \"text\", \"content\": {\"text\": " + quoted(shown) + "}}"));
        assertThat(body("/robot/send")).isEqualTo(JSON.readTree(
                "{\"msgtype\": \"text\", \"text\": {\"content\": " + quoted(shown) + "}}"));
        assertThat(body("/cgi-bin/webhook/send")).isEqualTo(JSON.readTree(
                "{\"msgtype\": \"text\", \"text\": {\"content\": " + quoted(shown) + "}}"));
        assertThat(body("/json")).isEqualTo(JSON.readTree("{\"kind\": \"logged_out\", \"channel\": \"web\", \"text\": "
                + quoted(TEXT) + ", \"at\": \"2026-12-08T02:00:00Z\", \"consoleUrl\": " + quoted(QR_PAGE) + "}"));
        for (Request request : received.values()) {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.contentType()).isEqualToIgnoringCase("application/json; charset=utf-8");
        }
    }

    @Test
    void withoutAConsoleAddressTheTextIsTheAlertAloneAndADingTalkKeywordCowMatches() throws Exception {
        Alert alert = new Alert(AlertKind.MODEL_FAILING, "", "❌ The model failed 3 times in a row", AT);
        assertThat(JSON.readTree(WebhookFormat.FEISHU.body(alert, ""))).isEqualTo(JSON.readTree(
                "{\"msg_type\": \"text\", \"content\": {\"text\": \"[cow] ❌ The model failed 3 times in a row\"}}"));
        assertThat(JSON.readTree(WebhookFormat.DINGTALK.body(alert, ""))).isEqualTo(JSON.readTree(
                "{\"msgtype\": \"text\", \"text\": {\"content\": \"[cow] ❌ The model failed 3 times in a row\"}}"));
        assertThat(WebhookFormat.parse("Lark")).isEqualTo(WebhookFormat.FEISHU);
        assertThat(WebhookFormat.parse(" DingTalk ")).isEqualTo(WebhookFormat.DINGTALK);
    }

    private JsonNode body(String path) throws IOException {
        Request request = received.get(path);
        assertThat(request).as(path).isNotNull();
        return JSON.readTree(new String(request.body(), StandardCharsets.UTF_8));
    }

    private static String quoted(String text) throws IOException {
        return JSON.writeValueAsString(text);
    }
}
