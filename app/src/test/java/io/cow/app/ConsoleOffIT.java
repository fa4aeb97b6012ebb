package io.cow.app;

import io.cow.testkit.openai.FakeOpenAi;
import io.cow.testkit.web.SentMessage;
import io.cow.testkit.web.SimContact;
import io.cow.testkit.web.SimulatorOptions;
import io.cow.testkit.web.WebWeChatSimulator;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code console.enabled: false}: the built jar logs in and answers as always, but listens on no port at all (so
 * there is no console and no /metrics), and its log says nothing of a console.
 */
class ConsoleOffIT {

    private static final Duration WAIT = Duration.ofMinutes(2);

    @AutoClose
    private final WebWeChatSimulator sim = WebWeChatSimulator.start(SimulatorOptions.defaults()
            .selfNickName("Botty").syncCheckHold(Duration.ofSeconds(1)).loginPollHold(Duration.ofMillis(300)));
    @AutoClose
    private final FakeOpenAi fake = FakeOpenAi.start();

    @TempDir
    Path work;

    @Test
    void withTheConsoleSwitchedOffNoPortIsBoundAndTheLogNamesNoConsole() throws Exception {
        SimContact alice = sim.addFriend("Alice");
        int port = CowProcess.closedPort();
        Map<String, String> env = new HashMap<>();
        env.put("OPENAI_API_KEY", "sk-console-off-0123456789");
        env.put("OPENAI_BASE_URL", fake.baseUrl());
        env.put("CHATGPT_TRIGGER_KEYWORD", "bot");
        env.put("COW_DATA_DIR", work.resolve("data").toString());
        env.put("COW_WEB_ENDPOINT", sim.baseUrl());
        env.put("COW_MODEL_SELF_TEST", "false");
        env.put("COW_CONSOLE_ENABLED", "false");
        // The port it would take were it on: a console that ignored the switch would listen exactly here.
        env.put("COW_CONSOLE_PORT", String.valueOf(port));
        try (CowProcess.Running cow = CowProcess.startJar(work, env)) {
            sim.scanAndConfirm(WAIT);
            sim.awaitPolling(WAIT);
            sim.sendText(alice, "bot are you there?");
            assertThat(sim.awaitSent(1, WAIT)).extracting(SentMessage::content).containsExactly("Echo: are you there?");

            assertThat(listeningSockets(cow.pid())).as("TCP sockets the bot listens on").isEmpty();
            assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                    .as("nothing answers on console.port, so there is no /metrics either").isInstanceOf(ConnectException.class);
            assertThat(cow.output()).doesNotContain("Console:").doesNotContain("/metrics").doesNotContain("🖥️");
        }
    }

    /** The check above finds a listening socket where there is one (this JVM's own). */
    @Test
    void theListeningSocketCheckSeesAListeningSocket() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String port = String.format(":%04X", server.getLocalPort());
            assertThat(listeningSockets(ProcessHandle.current().pid())).anyMatch(socket -> socket.endsWith(port));
        }
    }

    /**
     * The listening TCP sockets a process holds, from Linux's /proc: its descriptors' socket inodes matched with the
     * LISTEN entries (state 0A) of its network namespace's tcp and tcp6 tables.
     */
    private static Set<String> listeningSockets(long pid) throws IOException {
        Path proc = Path.of("/proc", String.valueOf(pid));
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed meanwhile: not a socket it holds
                }
            }
        }
        Set<String> listening = new HashSet<>();
        for (String table : List.of("tcp", "tcp6")) {
            Path file = proc.resolve("net").resolve(table);
            if (!Files.exists(file)) {
                continue;
            }
            List<String> lines = Files.readAllLines(file);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[3].equals("0A") && inodes.contains(f[9])) {
                    listening.add(table + " " + f[1]);
                }
            }
        }
        return listening;
    }
}
