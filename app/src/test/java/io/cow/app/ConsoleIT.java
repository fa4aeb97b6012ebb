package io.cow.app;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.cow.testkit.await.Await;
import io.cow.testkit.openai.FakeOpenAi;
import io.cow.testkit.openai.RecordedRequest;
import io.cow.testkit.qr.QrDecoding;
import io.cow.testkit.web.SimContact;
import io.cow.testkit.web.SimRequest;
import io.cow.testkit.web.SimulatorOptions;
import io.cow.testkit.web.WebWeChatSimulator;
import org.hawkular.agent.prometheus.text.TextPrometheusMetricsProcessor;
import org.hawkular.agent.prometheus.types.Counter;
import org.hawkular.agent.prometheus.types.MetricFamily;
import org.hawkular.agent.prometheus.walkers.CollectorPrometheusMetricsWalker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console of the built jar in a real headless Chromium, with the web WeChat simulator and the fake model: sign in,
 * scan the QR code, see the login, the chats with their answers, the skipped messages, usage, metrics, forget a
 * conversation; and no secret on any page. Screenshots of each page at phone and desktop width go to
 * target/console-screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {

    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final String API_KEY = "sk-consoleIT-0123456789abcdefXYZ";
    private static final String PASSWORD = "console-it-password";

    private final WebWeChatSimulator sim = WebWeChatSimulator.start(SimulatorOptions.defaults()
            .selfNickName("Botty").syncCheckHold(Duration.ofSeconds(1)).loginPollHold(Duration.ofMillis(300)));
    private final FakeOpenAi fake = FakeOpenAi.start();
    private Path work;
    private RunningCow cow;
    private ConsoleBrowser browser;
    private Page page;
    private String base;
    private SimContact alice;

    @BeforeAll
    void start() throws Exception {
        work = Files.createTempDirectory("console-it");
        alice = sim.addFriend("Alice");
        Map<String, String> env = new HashMap<>();
        env.put("OPENAI_API_KEY", API_KEY);
        env.put("OPENAI_BASE_URL", fake.baseUrl());
        env.put("CHATGPT_TRIGGER_KEYWORD", "bot");
        env.put("COW_DATA_DIR", work.resolve("data").toString());
        env.put("COW_WEB_ENDPOINT", sim.baseUrl());
        env.put("COW_CONSOLE_PORT", "0");
        env.put("COW_CONSOLE_PASSWORD", PASSWORD);
        env.put("COW_MODEL_SELF_TEST", "false");
        // The first reply meets a 1205 (too frequent) and is sent again: short waits, so the later cases do not wait.
        env.put("COW_WEB_SEND_RETRY_DELAY", "100ms");
        env.put("COW_GOVERNOR_RISK_PAUSE", "1s");
        // After the last case's logout the next QR code waits for the throttle: the page counts down to it.
        env.put("COW_WEB_RELOGIN_INTERVAL", "30m");
        cow = RunningCow.start(work, env);
        cow.awaitOutput("Console: http://127.0.0.1:", WAIT);
        Matcher port = Pattern.compile("Console: http://127\\.0\\.0\\.1:(\\d+)").matcher(cow.output());
        assertThat(port.find()).isTrue();
        base = "http://127.0.0.1:" + port.group(1);
        browser = ConsoleBrowser.open(work.resolve("chromium-profile"));
        page = browser.page;
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (cow != null) {
            cow.close();
        }
        sim.close();
        fake.close();
    }

    @Test
    @Order(1)
    void theQrPageShowsTheSimulatorsLoginCodeAndTheLoginWithoutAReload() throws Exception {
        page.navigate(base + "/qr");
        page.waitForURL("**/signin**");
        browser.screenshots("signin");
        page.locator("#password").fill("not the password");
        page.locator("button[type=submit]").click();
        page.locator("[role=alert]:not(:empty)").waitFor();
        assertThat(page.locator("[role=alert]").textContent()).contains("Wrong password");
        page.locator("#password").fill(PASSWORD);
        page.locator("button[type=submit]").click();
        page.waitForURL("**/qr");

        String uuid = sim.awaitQrUuid(WAIT);
        Locator image = page.locator("[data-channel=web] img");
        image.waitFor();
        APIResponse png = page.request().get(base + image.getAttribute("src"));
        Path file = work.resolve("qr-from-page.png");
        Files.write(file, png.body());
        assertThat(QrDecoding.decodePng(file)).isEqualTo("https://login.weixin.qq.com/l/" + uuid);
        browser.screenshots("qr-waiting");

        sim.scan(uuid);
        Locator scanned = page.locator("[data-channel=web][data-state=SCANNED]");
        scanned.waitFor();
        assertThat(scanned.textContent()).contains("scanned — confirm on the phone");
        assertThat(scanned.locator("img").count()).as("no code to scan any more").isZero();
        browser.screenshots("qr-scanned");
        sim.confirm(uuid);
        Locator loggedIn = page.locator("[data-channel=web][data-state=LOGGED_IN]");
        loggedIn.waitFor();
        assertThat(loggedIn.textContent()).contains("logged in as Botty");
        browser.screenshots("qr-logged-in");
    }

    @Test
    @Order(2)
    void aMessageAndItsAnswerAppearOnTheChatsPageAndAnUnkeywordedOneOnTheSkippedPage() throws Exception {
        sim.awaitPolling(WAIT);
        sim.faults().sendRet(1205, 1);
        sim.sendText(alice, "bot what is the capital of France?");
        sim.awaitSent(1, WAIT);
        String chatting = sim.sendText(alice, "just chatting, no keyword");
        Await.until("the second message to be handled", WAIT, () -> skippedCount() > 0);
        // The transport delivers the second message again (same MsgId), and one written yesterday turns up.
        sim.enqueue(names -> Map.of("MsgId", Long.parseLong(chatting), "FromUserName", names.apply(alice),
                "ToUserName", names.apply(sim.self()), "Content", "just chatting, no keyword"));
        sim.sendText(alice, "bot a question from yesterday", java.time.Instant.now().minus(Duration.ofDays(1)));
        Await.until("the duplicate and the old message on the Skipped page", WAIT, () -> {
            String skipped = page.request().get(base + "/api/skipped").text();
            return skipped.contains("\"DUPLICATE\"") && skipped.contains("\"BEFORE_START\"");
        });

        page.navigate(base + "/chats");
        Locator row = page.locator("a", new Page.LocatorOptions().setHasText("Alice"));
        row.waitFor();
        browser.screenshots("chats");
        row.first().click();
        page.waitForURL("**/chat?**");
        Locator turn = page.locator(".turn").first();
        turn.waitFor();
        assertThat(turn.locator(".q").textContent()).isEqualTo("what is the capital of France?");
        assertThat(turn.locator(".a").textContent()).isEqualTo("Echo: what is the capital of France?");
        assertThat(turn.getAttribute("data-carried")).as("the next question carries it").isEqualTo("true");
        browser.screenshots("chat");

        page.navigate(base + "/skipped");
        page.locator("tr:has([data-outcome=BEFORE_START])").waitFor();
        assertThat(page.locator("tr:has([data-outcome=NOT_TRIGGERED])").textContent())
                .contains("just chatting, no keyword").contains("no keyword: the message does not start with the trigger");
        assertThat(page.locator("tr:has([data-outcome=DUPLICATE])").textContent())
                .contains("just chatting, no keyword").contains("duplicate: delivered again");
        assertThat(page.locator("tr:has([data-outcome=BEFORE_START])").textContent())
                .contains("bot a question from yesterday").contains("before start: written before the bot listened");
        browser.screenshots("skipped");
    }

    private int skippedCount() {
        APIResponse response = page.request().get(base + "/api/skipped");
        return response.text().split("\"reason\"").length - 1;
    }

    @Test
    @Order(3)
    void theUsagePageDrawsAChartAndItsCsvMatchesTheDatabase() throws Exception {
        page.navigate(base + "/usage");
        Locator canvas = page.locator("#chart canvas");
        canvas.waitFor();
        page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))");
        BufferedImage chart = ImageIO.read(new ByteArrayInputStream(page.locator("#chart").screenshot()));
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < chart.getHeight(); y += 2) {
            for (int x = 0; x < chart.getWidth(); x += 2) {
                colours.add(chart.getRGB(x, y));
            }
        }
        assertThat(colours).as("the chart is drawn, not blank").hasSizeGreaterThan(5);
        browser.screenshots("usage");

        String csv = page.request().get(base + page.locator("#csv").getAttribute("href")).text();
        List<String> expected = new ArrayList<>(List.of("day,channel,chat,person,model,requests,prompt_tokens,completion_tokens,estimated_requests"));
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + work.resolve("data/cow.db"));
             Statement query = db.createStatement();
             ResultSet rows = query.executeQuery("SELECT day, channel, chat_key, member_key, model, requests, prompt_tokens, "
                     + "completion_tokens, estimated_requests FROM usage_daily ORDER BY day, channel, chat_key, member_key, model")) {
            while (rows.next()) {
                List<String> cells = new ArrayList<>();
                for (int i = 1; i <= 9; i++) {
                    cells.add(rows.getString(i));
                }
                expected.add(String.join(",", cells));
            }
        }
        assertThat(expected).as("the database has the answered question's usage").hasSize(2);
        assertThat(csv.split("\r\n")).containsExactlyElementsOf(expected);
    }

    @Test
    @Order(4)
    void metricsParseAsPrometheusTextAndCountTheMessagesSent() throws Exception {
        String text = page.request().get(base + "/metrics").text();
        CollectorPrometheusMetricsWalker walker = new CollectorPrometheusMetricsWalker();
        new TextPrometheusMetricsProcessor(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), walker).walk();
        Map<String, MetricFamily> families = new HashMap<>();
        walker.getAllMetricFamilies().forEach(f -> families.put(f.getName(), f));

        double received = counter(families, "cow_messages_received_total", Map.of());
        double answered = counter(families, "cow_messages_answered_total", Map.of());
        assertThat(answered).isEqualTo(1);
        assertThat(received).as("every message delivered is answered or skipped for a reason (the simulator also sends notices)")
                .isEqualTo(answered + counter(families, "cow_messages_skipped_total", Map.of())).isGreaterThanOrEqualTo(2);
        assertThat(counter(families, "cow_messages_skipped_total", Map.of("reason", "not_triggered"))).isEqualTo(1);
        assertThat(counter(families, "cow_messages_skipped_total", Map.of("reason", "duplicate"))).isEqualTo(1);
        assertThat(counter(families, "cow_messages_skipped_total", Map.of("reason", "before_start"))).isEqualTo(1);
        assertThat(counter(families, "cow_messages_skipped_total", Map.of("reason", "failed"))).isZero();
        assertThat(counter(families, "cow_model_requests_total", Map.of("outcome", "ok"))).isEqualTo(1);
        assertThat(counter(families, "cow_tokens_total", Map.of("direction", "in"))).isPositive();
        assertThat(families).containsKeys("cow_model_latency_seconds", "cow_model_first_token_seconds",
                "cow_channel_logged_in", "cow_messages_waiting", "cow_sends_failed_total");
        assertThat(counter(families, "cow_sends_retried_total", Map.of())).as("the reply refused with 1205 once").isEqualTo(1);
        assertThat(counter(families, "cow_sends_failed_total", Map.of())).isZero();
        assertThat(text).contains("cow_channel_logged_in{channel=\"web\"} 1");
    }

    private static double counter(Map<String, MetricFamily> families, String name, Map<String, String> labels) {
        MetricFamily family = families.get(name);
        assertThat(family).as(name).isNotNull();
        return family.getMetrics().stream().filter(m -> m.getLabels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(m -> ((Counter) m).getValue()).sum();
    }

    @Test
    @Order(5)
    void forgetEmptiesTheConversationSoTheNextQuestionCarriesNoHistory() throws Exception {
        page.navigate(base + "/chats");
        page.locator("a", new Page.LocatorOptions().setHasText("Alice")).first().click();
        page.locator(".turn").first().waitFor();
        page.onceDialog(dialog -> dialog.accept());
        page.locator("button.danger").click();
        page.locator("#empty").waitFor();

        int before = fake.requests().size();
        sim.sendText(alice, "bot and Germany?");
        List<RecordedRequest> requests = fake.awaitRequests(before + 1, WAIT);
        RecordedRequest next = requests.get(requests.size() - 1);
        assertThat(next.messages()).extracting(RecordedRequest.Message::role).containsExactly("system", "user");
        assertThat(next.lastUserMessage()).isEqualTo("and Germany?");
    }

    @Test
    @Order(6)
    void everyPageWorksInChineseAndEnglishAndNoPageExportLogTailOrMetricHoldsASecret() throws Exception {
        List<String> secrets = new ArrayList<>(List.of(API_KEY, PASSWORD));
        SimRequest init = sim.requests("webwxinit").get(0);
        secrets.add(init.json().path("BaseRequest").path("Skey").asText());
        secrets.add(init.queryParam("pass_ticket"));
        secrets.removeIf(String::isBlank);
        assertThat(secrets).hasSizeGreaterThanOrEqualTo(3);

        List<String> seen = new ArrayList<>();
        for (String path : List.of("/overview", "/qr", "/chats", "/skipped", "/usage", "/config", "/logs")) {
            page.navigate(base + path);
            page.locator("section[data-page] h1").first().waitFor();
            seen.add(page.content());
            browser.screenshots(path.substring(1));
        }
        page.locator("#lang").click();
        page.locator("nav a", new Page.LocatorOptions().setHasText("概览")).waitFor();
        for (String path : List.of("/overview", "/qr", "/chats", "/skipped", "/usage", "/config", "/logs")) {
            page.navigate(base + path);
            page.locator("section[data-page] h1").first().waitFor();
            seen.add(page.content());
            browser.screenshots(path.substring(1) + "-zh");
        }
        assertThat(page.locator("nav").textContent()).contains("概览", "会话", "用量", "日志");
        page.navigate(base + "/skipped");
        assertThat(page.locator("[data-outcome=DUPLICATE]").textContent()).startsWith("重复");
        assertThat(page.locator("[data-outcome=BEFORE_START]").textContent()).startsWith("启动前");
        assertThat(page.locator("[data-outcome=NOT_TRIGGERED]").textContent()).startsWith("没有关键词");
        page.locator("#lang").click();

        String chat = "channel=web&key=" + java.net.URLEncoder.encode(chatKey(), StandardCharsets.UTF_8);
        for (String api : List.of("/api/logs", "/api/config", "/api/overview", "/api/chats", "/api/skipped", "/api/usage",
                "/api/usage.csv", "/metrics", "/api/chat?" + chat, "/api/chat/export?" + chat + "&format=json",
                "/api/chat/export?" + chat + "&format=md", "/api/channels")) {
            APIResponse response = page.request().get(base + api);
            assertThat(response.status()).as(api).isEqualTo(200);
            seen.add(response.text());
        }
        assertThat(String.join("\n", seen)).as("the log tail shows the bot's log").contains("Logged in to web as Botty");
        for (String text : seen) {
            for (String secret : secrets) {
                assertThat(text).doesNotContain(secret);
            }
        }
        assertThat(cow.output()).doesNotContain(API_KEY).doesNotContain(PASSWORD);
    }

    @Test
    @Order(7)
    void logOutThenNewQrNowOnAPhoneScreen() throws Exception {
        page.setViewportSize(390, 844);
        page.navigate(base + "/qr");
        Locator loggedIn = page.locator("[data-channel=web][data-state=LOGGED_IN]");
        loggedIn.waitFor();
        Set<String> codesBefore = new HashSet<>(sim.qrUuids());

        page.onceDialog(dialog -> {
            assertThat(dialog.message()).contains("Log this account out?");
            dialog.accept();
        });
        loggedIn.locator("button[data-action=logout]").click();

        Await.until("the simulator sees the logout", WAIT, () -> !sim.requests("webwxlogout").isEmpty() && !sim.loggedIn());
        Locator countdown = page.locator("[data-channel=web][data-state=LOGGED_OUT] .countdown");
        countdown.waitFor();
        String shown = countdown.textContent();
        Matcher left = Pattern.compile("next QR code in (\\d+) min (\\d+) s").matcher(shown);
        assertThat(left.find()).as(shown).isTrue();
        int seconds = Integer.parseInt(left.group(1)) * 60 + Integer.parseInt(left.group(2));
        assertThat(seconds).as("the 30 min relogin interval from the first code").isBetween(60, 30 * 60);
        Await.until("the countdown ticks", WAIT, () -> !countdown.textContent().equals(shown));
        assertThat(page.locator("[data-channel=web] img").count()).as("no code while the throttle waits").isZero();
        assertThat(sim.qrUuids()).as("no new code asked of WeChat yet").containsExactlyInAnyOrderElementsOf(codesBefore);
        browser.screenshots("qr-logged-out");

        page.locator("[data-channel=web] button[data-action=new-qr]").click();

        String uuid = Await.value("a new QR code from the simulator", WAIT,
                () -> sim.qrUuids().stream().filter(u -> !codesBefore.contains(u)).findFirst().orElse(null));
        Locator image = page.locator("[data-channel=web][data-state=WAITING_FOR_SCAN] img");
        image.waitFor();
        Path file = work.resolve("qr-new-from-page.png");
        Files.write(file, page.request().get(base + image.getAttribute("src")).body());
        assertThat(QrDecoding.decodePng(file)).isEqualTo("https://login.weixin.qq.com/l/" + uuid);
        assertThat(page.locator("[data-channel=web] .countdown").count()).isZero();
        browser.screenshots("qr-new");
        assertThat(cow.output()).contains("Logged out, as the owner asked").contains("A new web WeChat QR code now");
    }

    /** Issue 15: "Chinese and English (browser language, switchable)": a browser set to Chinese gets Chinese at once. */
    @Test
    @Order(8)
    void aBrowserSetToChineseShowsTheConsoleInChineseWithoutPressingTheSwitch() throws Exception {
        try (ConsoleBrowser chinese = ConsoleBrowser.open(work.resolve("chromium-profile-zh"), "zh-CN")) {
            Page zh = chinese.page;
            assertThat(zh.evaluate("() => navigator.language")).isEqualTo("zh-CN");
            zh.navigate(base + "/skipped");
            zh.waitForURL("**/signin**");
            assertThat(zh.locator("form h1").textContent()).isEqualTo("登录控制台");
            assertThat(zh.locator("#lang").textContent()).as("the switch offers English").isEqualTo("English");
            zh.locator("#password").fill(PASSWORD);
            zh.locator("button[type=submit]").click();
            zh.waitForURL("**/skipped");
            zh.locator("[data-outcome=DUPLICATE]").waitFor();
            assertThat(zh.locator("nav").textContent()).contains("概览", "未回复", "用量");
            assertThat(zh.locator("section[data-page] h1").first().textContent()).isEqualTo("未回复");
            assertThat(zh.locator("[data-outcome=BEFORE_START]").textContent()).startsWith("启动前");
            assertThat(zh.evaluate("() => document.documentElement.lang")).isEqualTo("zh-CN");
            assertThat(zh.evaluate("() => localStorage.getItem('cow.lang')")).as("no switch was pressed").isNull();
        }
        page.navigate(base + "/overview");
        page.locator("section[data-page] h1").first().waitFor();
        assertThat(page.locator("nav").textContent()).as("an English browser stays English").contains("Overview").doesNotContain("概览");
    }

    private String chatKey() {
        String json = page.request().get(base + "/api/chats").text();
        Matcher key = Pattern.compile("\"key\":\"([^\"]+)\"").matcher(json);
        assertThat(key.find()).isTrue();
        return key.group(1);
    }
}
