package io.cow.app.console;

import io.cow.core.channel.kit.DaemonThreads;
import io.cow.core.config.ConfigException;
import io.javalin.Javalin;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.util.function.Consumer;

/**
 * The console's HTTP server, started only when someone comes: at start the bot binds the port (so a busy port is
 * reported at once) and one thread waits for the first connection without accepting it; only then is Javalin built
 * and started on the same socket, and it answers that connection. A console nobody opens costs a socket and a
 * sleeping thread, not a web server.
 */
final class ConsoleServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConsoleServer.class);

    private final ServerSocketChannel socket;
    private final Consumer<io.javalin.config.JavalinConfig> routes;
    private final Thread door;
    private final Object lock = new Object();
    private Javalin javalin;
    private boolean closed;
    private volatile Selector selector;

    private ConsoleServer(ServerSocketChannel socket, Consumer<io.javalin.config.JavalinConfig> routes) {
        this.socket = socket;
        this.routes = routes;
        this.door = DaemonThreads.single("console-door").newThread(this::waitForFirstVisitor);
    }

    /**
     * Binds the console's address and waits for visitors in the background.
     *
     * @throws ConfigException when the address cannot be bound, naming the key to change
     */
    static ConsoleServer open(String host, int port, Consumer<io.javalin.config.JavalinConfig> routes) {
        ServerSocketChannel socket;
        try {
            socket = ServerSocketChannel.open();
            socket.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port), 64);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException("config key 'console.port': the console cannot listen on " + host + ":" + port + " ("
                    + e.getMessage() + "); choose another port with console.port or COW_CONSOLE_PORT, "
                    + "or switch the console off with console.enabled: false");
        }
        ConsoleServer server = new ConsoleServer(socket, routes);
        server.door.start();
        return server;
    }

    /** The port bound (the chosen one when the setting was 0). */
    int port() {
        return socket.socket().getLocalPort();
    }

    /** Whether the web server has been started (someone came). */
    boolean started() {
        synchronized (lock) {
            return javalin != null;
        }
    }

    private void waitForFirstVisitor() {
        try (Selector waiting = Selector.open()) {
            selector = waiting;
            socket.configureBlocking(false);
            SelectionKey key = socket.register(waiting, SelectionKey.OP_ACCEPT);
            while (true) {
                waiting.select();
                if (!socket.isOpen()) {
                    return;
                }
                if (key.isValid() && key.isAcceptable()) {
                    break;
                }
            }
            // Jetty needs the socket blocking and free of this selector.
            key.cancel();
            waiting.selectNow();
        } catch (IOException | java.nio.channels.ClosedSelectorException e) {
            if (socket.isOpen()) {
                log.error("❌ The console stopped waiting for visitors: {}", e.toString());
            }
            return;
        }
        startJavalin();
    }

    private void startJavalin() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            long started = System.nanoTime();
            QueuedThreadPool threads = new QueuedThreadPool(16, 1, 60_000);
            threads.setName("console");
            threads.setDaemon(true);
            javalin = Javalin.create(config -> {
                config.startup.showJavalinBanner = false;
                config.startup.showOldJavalinVersionWarning = false;
                config.startup.startupWatcherEnabled = false;
                config.jetty.threadPool = threads;
                config.jetty.addConnector((server, http) -> {
                    // Jetty's per-connection header cache matches values case-blind by default: after a right
                    // "Authorization: Bearer <token>", the same token in other letter case was handed on as the
                    // right one (and a Cookie or CSRF header likewise). Secrets are compared exactly, so is the cache.
                    http.setHeaderCacheCaseSensitive(true);
                    // No acceptor thread: the one selector accepts too.
                    ServerConnector connector = new ServerConnector(server, null, null, null, 0, 1, new HttpConnectionFactory(http));
                    try {
                        connector.open(socket);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    return connector;
                });
                routes.accept(config);
            });
            try {
                javalin.start();
                log.debug("Console web server started in {} ms", (System.nanoTime() - started) / 1_000_000);
            } catch (RuntimeException e) {
                log.error("❌ The console could not start: {}", e.toString(), e);
            }
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (javalin != null) {
                javalin.stop();
            }
        }
        try {
            socket.close();
        } catch (IOException e) {
            log.debug("Closing the console's socket: {}", e.toString());
        }
        Selector waiting = selector;
        if (waiting != null) {
            waiting.wakeup();
        }
    }
}
