package io.cow.app.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.cow.testkit.logging.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's security model, over HTTP as a browser would use it. */
class ConsoleSecurityTest {

    private static final String PASSWORD = "correct horse battery";
    private static final List<String> PAGES = List.of("/overview", "/qr", "/chats", "/chat", "/skipped", "/usage", "/config", "/logs");
    private static final List<String> APIS = List.of("/api/overview", "/api/channels", "/api/chats", "/api/chat?channel=web&key=a",
            "/api/chat/export?channel=web&key=a", "/api/skipped", "/api/usage", "/api/usage.csv", "/api/config", "/api/logs",
            "/api/channels/qr.png?channel=web", "/metrics");

    @TempDir
    Path dir;

    @Test
    void withAPasswordEveryPageRedirectsAndEveryApiAndMetricsAnswer401UntilSignedIn() throws Exception {
        try (ConsoleFixture console = new ConsoleFixture(dir, ConsoleFixture.settings(ConsoleSettings.PASSWORD, PASSWORD))) {
            ConsoleFixture.Client client = console.client();
            for (String page : PAGES) {
                HttpResponse<String> response = client.get(page);
                assertThat(response.statusCode()).as(page).isEqualTo(302);
                assertThat(response.headers().firstValue("Location")).as(page).hasValueSatisfying(l -> assertThat(l).startsWith("/signin?next="));
            }
            for (String api : APIS) {
                assertThat(client.get(api).statusCode()).as(api).isEqualTo(401);
            }
            assertThat(client.get("/signin").statusCode()).isEqualTo(200);

            assertThat(client.signIn(PASSWORD).statusCode()).isEqualTo(200);
            for (String page : PAGES) {
                assertThat(client.get(page).statusCode()).as(page).isEqualTo(200);
            }
            assertThat(client.get("/api/overview").statusCode()).isEqualTo(200);
            assertThat(client.get("/metrics").body()).contains("cow_messages_received_total");
        }
    }

    /** console.metricsToken: a scraper with the right bearer token reads /metrics, and nothing else; the token is never shown. */
    @Test
    void theMetricsTokenOpensMetricsOnlyWithTheRightBearerAndIsNeverShown() throws Exception {
        String token = "scrape-T0ken-8d1f6c2b9e";
        try (LogCapture log = LogCapture.capture();
             ConsoleFixture console = new ConsoleFixture(dir, ConsoleFixture.settings(ConsoleSettings.PASSWORD, PASSWORD,
                     ConsoleSettings.METRICS_TOKEN, token))) {
            ConsoleFixture.Client scraper = console.client();
            HttpResponse<String> scrape = scraper.get("/metrics", "Authorization", "Bearer " + token);
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body()).contains("cow_messages_received_total").doesNotContain(token);
            assertThat(scraper.get("/metrics", "Authorization", "bearer " + token).statusCode()).as("the scheme is case-blind")
                    .isEqualTo(200);

            assertThat(scraper.get("/metrics").statusCode()).as("no token").isEqualTo(401);
            for (String wrong : List.of("Bearer " + token + "x", "Bearer " + token.substring(1), "Bearer " + token.toUpperCase(),
                    "Bearer ", "Basic " + token, token, "Bearer " + PASSWORD)) {
                HttpResponse<String> refused = scraper.get("/metrics", "Authorization", wrong);
                assertThat(refused.statusCode()).as(wrong).isEqualTo(401);
                assertThat(refused.body()).doesNotContain("cow_messages_received_total").doesNotContain(token);
            }
            for (String api : APIS.subList(0, APIS.size() - 1)) {
                assertThat(scraper.get(api, "Authorization", "Bearer " + token).statusCode()).as("the token opens " + api)
                        .isEqualTo(401);
            }
            assertThat(scraper.get("/overview", "Authorization", "Bearer " + token).statusCode()).isEqualTo(302);

            ConsoleFixture.Client owner = console.client();
            assertThat(owner.signIn(PASSWORD).statusCode()).isEqualTo(200);
            StringBuilder shown = new StringBuilder();
            for (String path : List.of("/overview", "/assets/app.js", "/api/config", "/api/overview", "/api/logs", "/metrics")) {
                HttpResponse<String> response = owner.get(path);
                assertThat(response.statusCode()).as(path).isEqualTo(200);
                shown.append(response.body());
            }
            assertThat(shown).as("the config page names the key").contains("console.metricsToken");
            assertThat(shown.toString()).doesNotContain(token);
            assertThat(log.text()).doesNotContain(token);
        }
    }

    @Test
    void withoutAMetricsTokenNoBearerOpensMetrics() throws Exception {
        try (ConsoleFixture console = new ConsoleFixture(dir, ConsoleFixture.settings(ConsoleSettings.PASSWORD, PASSWORD))) {
            ConsoleFixture.Client scraper = console.client();
            for (String header : List.of("Bearer ", "Bearer", "Bearer  ", "Bearer null")) {
                assertThat(scraper.get("/metrics", "Authorization", header).statusCode()).as(header).isEqualTo(401);
            }
        }
    }

    @Test
    void thePasswordIsComparedAsAHashAndAHashFromConsolePasswordIsAcceptedInItsPlace() throws Exception {
        String hash = Console.hashPassword(PASSWORD);
        assertThat(hash).startsWith(PasswordHash.PREFIX).doesNotContain(PASSWORD);
        assertThat(PasswordHash.matches(hash, PASSWORD)).isTrue();
        assertThat(PasswordHash.matches(hash, PASSWORD + "!")).isFalse();
        assertThat(Console.hashPassword(PASSWORD)).as("salted").isNotEqualTo(hash);
        try (ConsoleFixture console = new ConsoleFixture(dir, ConsoleFixture.settings(ConsoleSettings.PASSWORD, hash))) {
            assertThat(console.client().signIn(hash).statusCode()).as("the hash itself is no password").isEqualTo(401);
            assertThat(console.client().signIn(PASSWORD).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aWrongPasswordIsRefusedAndTheSixthQuickTryIsThrottledEvenWithTheRightOne() throws Exception {
        try (ConsoleFixture console = new ConsoleFixture(dir, ConsoleFixture.settings(ConsoleSettings.PASSWORD, PASSWORD));
             LogCapture log = LogCapture.capture()) {
            ConsoleFixture.Client client = console.client();
            for (int i = 1; i <= LoginThrottle.FREE_FAILURES; i++) {
                assertThat(client.signIn("wrong " + i).statusCode()).as("try %d", i).isEqualTo(401);
            }
            HttpResponse<String> sixth = client.signIn(PASSWORD);
            assertThat(sixth.statusCode()).isEqualTo(429);
            assertThat(sixth.headers().firstValue("Retry-After")).isPresent();
            assertThat(client.get("/api/overview").statusCode()).as("still signed out").isEqualTo(401);
            assertThat(log.text()).doesNotContain("wrong 1").doesNotContain(PASSWORD);
        }
    }

    @Test
    void aStateChangingRequestWithoutTheCsrfTokenOrFromAnotherOriginIsRefused() throws Exception {
        try (ConsoleFixture console = new ConsoleFixture(dir, ConsoleFixture.settings(ConsoleSettings.PASSWORD, PASSWORD))) {
            ConsoleFixture.Client client = console.client();
            String forget = "{\"channel\":\"web\",\"key\":\"alice\",\"member\":\"\"}";
            assertThat(client.post("/api/signin", "{\"password\":\"" + PASSWORD + "\"}").statusCode())
                    .as("even signing in needs the token").isEqualTo(403);
            assertThat(client.signIn(PASSWORD).statusCode()).isEqualTo(200);

            assertThat(client.post("/api/chat/forget", forget).statusCode()).isEqualTo(403);
            assertThat(client.post("/api/chat/forget", forget, "X-CSRF-Token", "made-up").statusCode()).isEqualTo(403);
            String token = client.csrf();
            assertThat(client.post("/api/chat/forget", forget, "X-CSRF-Token", token, "Origin", "http://evil.example").statusCode())
                    .isEqualTo(403);
            assertThat(client.post("/api/chat/forget", forget, "X-CSRF-Token", token).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void newQrNowAndLogOutNeedTheCsrfTokenAndReachTheChannelOnlyWithIt() throws Exception {
        try (ConsoleFixture console = new ConsoleFixture(dir, ConsoleFixture.settings(ConsoleSettings.PASSWORD, PASSWORD))) {
            ConsoleFixture.Client client = console.client();
            String web = "{\"channel\":\"web\"}";
            assertThat(client.post("/api/channels/logout", web).statusCode()).as("signed out").isIn(401, 403);
            assertThat(client.signIn(PASSWORD).statusCode()).isEqualTo(200);
            String token = client.csrf();
            for (String path : List.of("/api/channels/new-qr", "/api/channels/logout")) {
                assertThat(client.post(path, web).statusCode()).as(path + " without the token").isEqualTo(403);
                assertThat(client.post(path, web, "X-CSRF-Token", "made-up").statusCode()).as(path).isEqualTo(403);
                assertThat(client.post(path, web, "X-CSRF-Token", token, "Origin", "http://evil.example").statusCode())
                        .as(path + " from another origin").isEqualTo(403);
            }
            assertThat(console.asked).as("nothing reached the channel").isEmpty();

            assertThat(client.post("/api/channels/new-qr", web, "X-CSRF-Token", token).statusCode()).isEqualTo(202);
            assertThat(client.post("/api/channels/logout", web, "X-CSRF-Token", token).statusCode()).isEqualTo(202);
            assertThat(client.post("/api/channels/logout", "{\"channel\":\"nope\"}", "X-CSRF-Token", token).statusCode())
                    .isEqualTo(404);
            assertThat(console.asked).containsExactly("new-qr", "logout");
        }
    }

    @Test
    void boundToAllAddressesWithoutAPasswordOnlyTheSetupPageWorksBehindTheOneTimeTokenFromTheLog() throws Exception {
        try (LogCapture log = LogCapture.capture();
             ConsoleFixture console = new ConsoleFixture(dir, ConsoleFixture.settings(ConsoleSettings.HOST, "0.0.0.0"))) {
            Matcher link = Pattern.compile("/setup\\?token=([A-Za-z0-9_-]+)").matcher(log.text());
            assertThat(link.find()).as("the log gives the setup link:\n" + log.text()).isTrue();
            String token = link.group(1);
            ConsoleFixture.Client client = console.client();
            for (String page : PAGES) {
                assertThat(client.get(page).headers().firstValue("Location")).as(page)
                        .hasValueSatisfying(l -> assertThat(l).startsWith("/setup"));
            }
            for (String api : APIS) {
                assertThat(client.get(api).statusCode()).as(api).isEqualTo(401);
            }
            JsonNode session = Web.JSON.readTree(client.get("/api/session").body());
            assertThat(session.path("setupRequired").asBoolean()).isTrue();

            assertThat(client.post("/api/setup", "{\"token\":\"guess\",\"password\":\"new password 1\"}",
                    "X-CSRF-Token", client.csrf()).statusCode()).isEqualTo(401);
            assertThat(client.post("/api/setup", "{\"token\":\"" + token + "\",\"password\":\"short\"}",
                    "X-CSRF-Token", client.csrf()).statusCode()).isEqualTo(400);
            assertThat(client.post("/api/setup", "{\"token\":\"" + token + "\",\"password\":\"new password 1\"}",
                    "X-CSRF-Token", client.csrf()).statusCode()).isEqualTo(200);
            assertThat(client.get("/api/overview").statusCode()).as("the one who set it is signed in").isEqualTo(200);

            ConsoleFixture.Client other = console.client();
            assertThat(other.post("/api/setup", "{\"token\":\"" + token + "\",\"password\":\"another one 2\"}",
                    "X-CSRF-Token", other.csrf()).statusCode()).as("the token works once").isEqualTo(409);
            assertThat(other.get("/overview").headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).startsWith("/signin"));
            assertThat(other.signIn("new password 1").statusCode()).isEqualTo(200);
            assertThat(console.store.channelState().get(ConsolePassword.STATE_CHANNEL, ConsolePassword.STATE_KEY))
                    .hasValueSatisfying(hash -> assertThat(hash).startsWith(PasswordHash.PREFIX).doesNotContain("new password 1"));
        }
    }

    @Test
    void responsesCarrySecurityHeadersAndTheSessionCookieIsHttpOnlyAndStrict() throws Exception {
        try (ConsoleFixture console = new ConsoleFixture(dir, ConsoleFixture.settings(ConsoleSettings.PASSWORD, PASSWORD))) {
            HttpResponse<String> page = console.client().get("/signin");
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                    assertThat(csp).contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'"));
            assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
            assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
            assertThat(page.headers().firstValue("Referrer-Policy")).contains("no-referrer");
            assertThat(page.headers().allValues("Set-Cookie")).singleElement().satisfies(cookie ->
                    assertThat(cookie).startsWith("cow_session=").contains("HttpOnly", "SameSite=Strict", "Path=/"));
        }
    }

    @Test
    void noPathServesAFileFromDisk() throws Exception {
        try (ConsoleFixture console = new ConsoleFixture(dir, ConsoleFixture.settings())) {
            for (String path : List.of("/assets/../../../../etc/passwd", "/assets/..%2f..%2f..%2fetc%2fpasswd", "/etc/passwd",
                    "/assets/app.js/../../pom.xml", "/META-INF/MANIFEST.MF", "/console/app.js", "/assets/logback.xml",
                    "/assets/%2e%2e/%2e%2e/etc/passwd")) {
                String raw = rawGet(console.console.port(), path);
                assertThat(raw).as(path).doesNotContain("root:x:0:0").doesNotContain("<project").doesNotContain("Manifest-Version");
                assertThat(raw.lines().findFirst().orElse("")).as(path).doesNotContain(" 200 ");
            }
            assertThat(console.client().get("/assets/app.js").statusCode()).isEqualTo(200);
            assertThat(console.client().get("/assets/uPlot.js").body()).contains("uPlot");
        }
    }

    @Test
    void withoutAPasswordOnLocalhostItAnswersOnlyToLocalHostNames() throws Exception {
        try (ConsoleFixture console = new ConsoleFixture(dir, ConsoleFixture.settings())) {
            ConsoleFixture.Client client = console.client();
            assertThat(client.get("/api/overview").statusCode()).isEqualTo(200);
            assertThat(rawGet(console.console.port(), "/api/overview", "rebound.evil.example")).startsWith("HTTP/1.1 403");
        }
    }

    @Test
    void theWebServerStartsOnlyWhenSomeoneComes() throws Exception {
        try (ConsoleFixture console = new ConsoleFixture(dir, ConsoleFixture.settings())) {
            assertThat(console.console.webServerStarted()).isFalse();
            assertThat(console.client().get("/api/session").statusCode()).isEqualTo(200);
            assertThat(console.console.webServerStarted()).isTrue();
        }
    }

    @Test
    void aBusyPortIsAClearConfigurationError() throws Exception {
        try (ConsoleFixture first = new ConsoleFixture(dir, ConsoleFixture.settings())) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ConsoleFixture(dir,
                            ConsoleFixture.settings(ConsoleSettings.PORT, first.console.port())))
                    .isInstanceOf(io.cow.core.config.ConfigException.class)
                    .hasMessageContaining("console.port").hasMessageContaining(String.valueOf(first.console.port()));
        }
    }

    private static String rawGet(int port, String path) throws Exception {
        return rawGet(port, path, "127.0.0.1:" + port);
    }

    /** A request exactly as written (HTTP clients normalise dots away). */
    private static String rawGet(int port, String path, String host) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
