package io.cow.app.console;

import io.cow.core.config.Settings;
import io.javalin.config.JavalinConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The web console: its server, security and pages, started by {@code cow run}. */
public final class Console implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Console.class);

    private final ConsoleServer server;
    private final Push push;
    private final String url;

    private Console(ConsoleServer server, Push push, String url) {
        this.server = server;
        this.push = push;
        this.url = url;
    }

    /**
     * Binds the console's port and logs where to open it; the web server itself starts when the first visitor comes.
     *
     * @throws io.cow.core.config.ConfigException when the port cannot be bound
     */
    public static Console start(ConsoleSources sources) {
        Settings settings = sources.settings();
        String host = settings.get(ConsoleSettings.HOST);
        String publicUrl = settings.get(ConsoleSettings.PUBLIC_URL);
        boolean loopback = isLoopback(host);
        Clock clock = sources.clock();
        Sessions sessions = new Sessions(clock);
        ConsolePassword password = new ConsolePassword(settings.get(ConsoleSettings.PASSWORD), sources.state(), loopback);
        Guard guard = new Guard(sessions, password, settings.get(ConsoleSettings.METRICS_TOKEN),
                publicUrl.toLowerCase(Locale.ROOT).startsWith("https:"), Assets.PAGES, localNames(host, publicUrl));
        Push push = new Push();
        SignIn signIn = new SignIn(sessions, password, new LoginThrottle(clock), guard, sources.version());
        ConsoleServer server = ConsoleServer.open(host, settings.get(ConsoleSettings.PORT), config -> routes(config, sources,
                guard, signIn, push));
        String bound = "http://" + displayHost(host) + ":" + server.port();
        String url = publicUrl.isEmpty() ? bound : publicUrl;
        Console console = new Console(server, push, url);
        String alsoAt = publicUrl.isEmpty() ? "" : ", opened at " + publicUrl;
        if (password.setupRequired()) {
            log.warn("🔑 Console: {}{} is reachable beyond this machine and has no password yet. Open {}/setup?token={} "
                    + "to set one (the link works once), or set console.password", bound, alsoAt, url, password.setupToken());
        } else {
            log.info("🖥️ Console: {}{} (scan the QR code there; from another machine use an SSH tunnel: "
                    + "ssh -L {}:127.0.0.1:{} <server>)", bound, alsoAt, server.port(), server.port());
        }
        return console;
    }

    private static void routes(JavalinConfig config, ConsoleSources sources, Guard guard, SignIn signIn, Push push) {
        config.routes.before(guard::check);
        config.routes.get("/", ctx -> ctx.redirect("/overview"));
        new Assets().routes(config.routes);
        signIn.routes(config.routes);
        new OverviewPage(sources).routes(config.routes);
        new QrPage(sources.logins(), push, sources.channels()).routes(config.routes);
        new ChatsPage(sources).routes(config.routes);
        new SkippedPage(sources).routes(config.routes);
        new UsagePage(sources).routes(config.routes);
        new ConfigPage(sources).routes(config.routes);
        new LogsPage(sources.logs(), push).routes(config.routes);
        config.routes.get("/metrics", ctx -> {
            if (sources.metrics() == null) {
                ctx.status(404);
                return;
            }
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(sources.metrics().get());
        });
        config.routes.exception(Exception.class, (e, ctx) -> {
            log.error("❌ Console: {} {} failed: {}", ctx.method(), ctx.path(), e.toString(), e);
            ctx.status(500);
            Web.json(ctx, Map.of("error", "The console failed on this request; the bot's log says why."));
        });
    }

    /** Host names a browser on this machine uses for the console, and the configured ones. */
    private static Set<String> localNames(String host, String publicUrl) {
        Set<String> names = new HashSet<>(Set.of("localhost", "127.0.0.1", "[::1]", "::1"));
        names.add(host.toLowerCase(Locale.ROOT));
        if (!publicUrl.isEmpty()) {
            String publicHost = URI.create(publicUrl).getHost();
            if (publicHost != null) {
                names.add(publicHost.toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    /** The host as a person types it; for "every address", a placeholder for this machine's address. */
    private static String displayHost(String host) {
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            return "<this-server's-address>";
        }
        return host.contains(":") ? "[" + host + "]" : host;
    }

    static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The hash of a console password, as {@code console.password} accepts it. */
    public static String hashPassword(String password) {
        return PasswordHash.hash(password);
    }

    /** Where the console is reached: the public URL when set, else the bound address. */
    public String url() {
        return url;
    }

    public int port() {
        return server.port();
    }

    /** Whether its web server is running (someone has come). */
    public boolean webServerStarted() {
        return server.started();
    }

    @Override
    public void close() {
        server.close();
        push.close();
    }
}
