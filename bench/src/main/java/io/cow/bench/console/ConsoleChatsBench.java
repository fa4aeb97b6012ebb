package io.cow.bench.console;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.cow.app.store.SqliteStore;
import io.cow.app.store.StoreOptions;
import io.cow.bench.process.BotLaunch;
import io.cow.bench.process.ChildProcesses;
import io.cow.bench.process.HarnessConsole;
import io.cow.testkit.openai.FakeOpenAi;
import io.cow.testkit.web.SimulatorOptions;
import io.cow.testkit.web.WebWeChatSimulator;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console with a big store: {@code cow.jar} on a data folder holding N chats with M turns each (default 1,000
 * and 100, so 100,000 turns), and a real headless Chromium (Debian's, through Playwright) loading its pages. Reports
 * the first load of the Chats page (the web server starts at that first visit), the median of later loads of the
 * Chats page, of a chat's page (its whole conversation, with the memory marks) and of a search, and the server's own
 * time for the Chats API.
 *
 * <p>Run from the repository root: {@code bench/run io.cow.bench.console.ConsoleChatsBench [--chats 1000]
 * [--turns 100] [--loads 15] [--jar PATH]}. Needs /usr/bin/chromium (.ci/prepare.d/chromium.sh installs it).
 */
public final class ConsoleChatsBench {

    private static final HarnessConsole OUT = new HarnessConsole("console chats bench",
            "ConsoleChatsBench [--chats N] [--turns N] [--loads N] [--jar PATH]");
    private static final Duration WAIT = Duration.ofMinutes(2);

    private ConsoleChatsBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = OUT.options(args);
        int chats = Integer.parseInt(options.getOrDefault("chats", "1000"));
        int turns = Integer.parseInt(options.getOrDefault("turns", "100"));
        int loads = Integer.parseInt(options.getOrDefault("loads", "15"));
        Path jar = Path.of(options.getOrDefault("jar", "app/target/cow.jar"));
        Path data = Files.createTempDirectory("cow-console-bench");
        long filling = System.nanoTime();
        fill(data, chats, turns);
        System.err.printf("filled %d chats with %d turns each in %.1f s%n", chats, turns, (System.nanoTime() - filling) / 1e9);

        try (WebWeChatSimulator sim = WebWeChatSimulator.start(SimulatorOptions.defaults().selfNickName("Bench"));
             FakeOpenAi model = FakeOpenAi.start()) {
            Map<String, String> env = new HashMap<>();
            env.put("OPENAI_API_KEY", "sk-console-bench");
            env.put("OPENAI_BASE_URL", model.baseUrl());
            env.put("COW_DATA_DIR", data.toString());
            env.put("COW_WEB_ENDPOINT", sim.baseUrl());
            env.put("COW_CONSOLE_PORT", "0");
            env.put("COW_MEMORY_EXPIRE_AFTER", "3650d");
            env.put("COW_MODEL_SELF_TEST", "false");
            ProcessBuilder builder = new ProcessBuilder(BotLaunch.of(jar, null, "").command()).redirectErrorStream(true);
            builder.environment().keySet().removeIf(k -> k.startsWith("OPENAI_") || k.startsWith("COW_") || k.startsWith("CHATGPT_"));
            builder.environment().putAll(env);
            Process bot = ChildProcesses.register(builder.start());
            try {
                String base = consoleAddress(bot);
                measure(base, chats, turns, loads);
            } finally {
                ChildProcesses.stop(bot.toHandle(), 30_000);
            }
        }
    }

    private static void measure(String base, int chats, int turns, int loads) throws Exception {
        try (Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
             Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                     .setExecutablePath(Path.of("/usr/bin/chromium")).setHeadless(true)
                     .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                             "--disable-component-update", "--no-first-run")))) {
            Page page = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900)).newPage();
            page.setDefaultTimeout(WAIT.toMillis());
            double first = load(page, base + "/chats", "tbody tr");
            List<Double> chatsPage = new ArrayList<>();
            List<Double> chatPage = new ArrayList<>();
            List<Double> search = new ArrayList<>();
            for (int i = 0; i < loads; i++) {
                chatsPage.add(load(page, base + "/chats", "tbody tr"));
                chatPage.add(load(page, base + "/chat?channel=web&key=chat-" + (i % chats), ".turn"));
                search.add(load(page, base + "/chats?q=" + "Chat%20" + (chats - 1 - i % chats), "tbody tr"));
            }
            List<Double> api = new ArrayList<>();
            HttpClient http = HttpClient.newHttpClient();
            for (int i = 0; i < loads * 2; i++) {
                long start = System.nanoTime();
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/chats")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    OUT.fail("/api/chats answered " + response.statusCode());
                }
                api.add((System.nanoTime() - start) / 1e6);
            }
            OUT.line("Console pages with %,d chats and %,d turns in the store, in headless Chromium; %d loads each, "
                    + "from navigation to the page's rows drawn", chats, chats * turns, loads);
            OUT.line("Chats page, first visit (starts the web server) : %.0f ms", first);
            OUT.line("Chats page (50 newest of %,d)                     : median %.0f ms (fastest %.0f, slowest %.0f)", chats,
                    median(chatsPage), min(chatsPage), max(chatsPage));
            OUT.line("a chat's page (%d turns, memory marks)            : median %.0f ms (fastest %.0f, slowest %.0f)", turns,
                    median(chatPage), min(chatPage), max(chatPage));
            OUT.line("Chats page, searching a title                   : median %.0f ms (fastest %.0f, slowest %.0f)",
                    median(search), min(search), max(search));
            OUT.line("GET /api/chats alone (server + loopback)        : median %.1f ms", median(api));
        }
    }

    /** Milliseconds from navigating to the page until an element of the selector is visible. */
    private static double load(Page page, String url, String selector) {
        long start = System.nanoTime();
        page.navigate(url);
        page.locator(selector).first().waitFor();
        return (System.nanoTime() - start) / 1e6;
    }

    /** Writes the store as the bot would have: chats seen, and a conversation of {@code turns} turns in each. */
    private static void fill(Path data, int chats, int turns) throws Exception {
        // Opened once by the bot's own code, so the schema is the one it writes.
        SqliteStore.open(data, StoreOptions.defaults(), Clock.systemUTC()).close();
        long now = System.currentTimeMillis();
        String question = "What is a good name for a cat that likes to sit on keyboards? ".repeat(2);
        String answer = "Perhaps \"Qwerty\", \"Ctrl\" or \"Captain Keys\": short names that a cat, and a WeChat group, remember. ".repeat(3);
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(SqliteStore.FILE_NAME))) {
            db.setAutoCommit(false);
            try (PreparedStatement chat = db.prepareStatement("INSERT INTO chats (channel, chat_key, kind, title, last_at, "
                    + "last_outcome, messages) VALUES ('web', ?, ?, ?, ?, 'ANSWERED', ?)");
                 PreparedStatement conversation = db.prepareStatement("INSERT INTO conversations (id, channel, chat_key, "
                         + "member_key, updated_at) VALUES (?, 'web', ?, '', ?)");
                 PreparedStatement turn = db.prepareStatement("INSERT INTO turns (conversation_id, question, answer, created_at) "
                         + "VALUES (?, ?, ?, ?)")) {
                for (int c = 0; c < chats; c++) {
                    long last = now - (long) c * 1_000;
                    chat.setString(1, "chat-" + c);
                    chat.setString(2, c % 4 == 0 ? "GROUP" : "PRIVATE");
                    chat.setString(3, "Chat " + c);
                    chat.setLong(4, last);
                    chat.setLong(5, turns * 2L);
                    chat.addBatch();
                    conversation.setLong(1, c + 1);
                    conversation.setString(2, "chat-" + c);
                    conversation.setLong(3, last);
                    conversation.addBatch();
                    for (int t = 0; t < turns; t++) {
                        turn.setLong(1, c + 1);
                        turn.setString(2, t + ": " + question);
                        turn.setString(3, answer);
                        turn.setLong(4, last - (long) (turns - t) * 1_000);
                        turn.addBatch();
                    }
                }
                chat.executeBatch();
                conversation.executeBatch();
                turn.executeBatch();
            }
            db.commit();
        }
    }

    private static String consoleAddress(Process bot) throws Exception {
        CompletableFuture<String> address = new CompletableFuture<>();
        Pattern console = Pattern.compile("Console: (http://127\\.0\\.0\\.1:\\d+)");
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(bot.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    Matcher m = console.matcher(line);
                    if (m.find()) {
                        address.complete(m.group(1));
                    }
                }
            } catch (Exception e) {
                address.completeExceptionally(e);
            }
            address.completeExceptionally(new IllegalStateException("the bot exited without naming its console"));
        }, "bot-output");
        reader.setDaemon(true);
        reader.start();
        return address.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }
}
