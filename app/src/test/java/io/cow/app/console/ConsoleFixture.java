package io.cow.app.console;

import io.cow.app.alerts.AlertSettings;
import io.cow.app.logging.LogTail;
import io.cow.app.metrics.BotMetrics;
import io.cow.app.model.ModelTokenizer;
import io.cow.app.monitor.Activity;
import io.cow.app.monitor.ChatDirectory;
import io.cow.app.monitor.ModelWatch;
import io.cow.core.config.CoreSettings;
import io.cow.core.config.Setting;
import io.cow.core.config.Settings;
import io.cow.core.conversation.GroupScope;
import io.cow.core.conversation.MemoryOptions;
import io.cow.core.login.LoginStates;
import io.cow.core.store.InMemoryStore;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A console running in this JVM on an ephemeral port over in-memory parts, and an HTTP client with its own cookies. */
final class ConsoleFixture implements AutoCloseable {

    final InMemoryStore store = new InMemoryStore();
    final Clock clock = Clock.systemUTC();
    final Activity activity = new Activity(false, clock);
    final ModelWatch model = new ModelWatch(clock);
    final LoginStates logins = new LoginStates();
    final ChatDirectory chats = new ChatDirectory(store.chats(), clock);
    final BotMetrics metrics = new BotMetrics();
    final LogTail tail = LogTail.attach();
    /** What the console asked of the channel "web": "new-qr", "logout". */
    final List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
    final Console console;
    final String base;

    ConsoleFixture(Path dataDir, Settings settings) {
        metrics.waiting(() -> 0);
        console = Console.start(new ConsoleSources(settings, null, activity, model, logins, chats, store.conversations(),
                store.usage(), store.channelState(), new MemoryOptions(true, GroupScope.MEMBER, 3000, Duration.ofHours(1)),
                new ModelTokenizer("gpt-4o"), java.util.Map.of("web", "bot"), () -> 0, tail, metrics::scrape, dataDir, clock.instant(), "test", clock,
                name -> name.equals("web") ? java.util.Optional.of(new AskedChannel()) : java.util.Optional.empty()));
        base = "http://127.0.0.1:" + console.port();
    }

    /** Default settings with the console on an ephemeral port, and these changes. */
    static Settings settings(Object... keysAndValues) {
        List<Setting<?>> all = new ArrayList<>(CoreSettings.all());
        all.addAll(ConsoleSettings.all());
        all.addAll(AlertSettings.all());
        Settings settings = Settings.defaults(all).with(ConsoleSettings.PORT, 0);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            settings = with(settings, (Setting<?>) keysAndValues[i], keysAndValues[i + 1]);
        }
        return settings;
    }

    @SuppressWarnings("unchecked")
    private static <T> Settings with(Settings settings, Setting<T> setting, Object value) {
        return settings.with(setting, (T) value);
    }

    /** A browser-like client: keeps cookies, does not follow redirects. */
    static final class Client {
        final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
        final String base;

        Client(String base) {
            this.base = base;
        }

        HttpResponse<String> get(String path, String... headers) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
            for (int i = 0; i < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, String json, String... headers) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
            for (int i = 0; i < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        /** The session's CSRF token, read as the page reads it. */
        String csrf() throws Exception {
            return io.cow.app.console.Web.JSON.readTree(get("/api/session").body()).path("csrf").asText();
        }

        HttpResponse<String> signIn(String password) throws Exception {
            return post("/api/signin", "{\"password\":\"" + password + "\"}", "X-CSRF-Token", csrf());
        }
    }

    Client client() {
        return new Client(base);
    }

    @Override
    public void close() {
        console.close();
        if (tail != null) {
            tail.detach();
        }
    }

    /** A channel that only records what the console asks of it. */
    private final class AskedChannel implements io.cow.core.channel.Channel {
        @Override
        public String name() {
            return "web";
        }

        @Override
        public void start(io.cow.core.channel.ChannelEvents events) {
        }

        @Override
        public java.util.concurrent.CompletableFuture<Void> send(io.cow.core.message.OutgoingMessage message) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }

        @Override
        public void requestNewQr() {
            asked.add("new-qr");
        }

        @Override
        public void logOut() {
            asked.add("logout");
        }

        @Override
        public void close() {
        }
    }
}
