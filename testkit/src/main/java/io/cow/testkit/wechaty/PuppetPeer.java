package io.cow.testkit.wechaty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cow.testkit.await.Await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The real Wechaty puppet service from npm ({@code PuppetServer} serving {@code PuppetMock}) in a Node process on
 * 127.0.0.1, scripted from Java: contacts, rooms and messages go in; what the connected bot sent, and every call
 * it made, come out. The Node script is {@code wechaty/src/test/node/puppet-peer.mjs}; its npm packages are
 * installed by {@code .ci/prepare.d/wechaty-npm.sh}.
 */
public final class PuppetPeer implements AutoCloseable {

    /** What the bot sent: a {@code MessageSendText} call as the service received it. */
    public record Sent(String conversationId, String text, List<String> mentionIds) {
    }

    /** A call that reached the service, before it checked the token. */
    public record Call(String method, String authorization, long epochMillis) {
    }

    /** The latencies of a burst of messages, from each message to its reply, measured inside the service. */
    public record Burst(int count, double elapsedMs, List<Double> latenciesMs) {
    }

    /** How to start a peer. */
    public record Options(int port, String token, boolean tls, boolean trace, Path home) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Options options;
    private final Process process;
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private final StringBuilder stderr = new StringBuilder();
    private final OutputStream stdin;
    private volatile int burstStart;

    private PuppetPeer(Options options, Process process) {
        this.options = options;
        this.process = process;
        this.stdin = process.getOutputStream();
        Thread out = new Thread(() -> readEvents(process.getInputStream()), "puppet-peer-out");
        out.setDaemon(true);
        out.start();
        Thread err = new Thread(() -> readStderr(process.getErrorStream()), "puppet-peer-err");
        err.setDaemon(true);
        err.start();
    }

    /** The folder of the Node script and its node_modules. */
    public static Path peerDirectory() {
        String configured = System.getProperty("cow.wechaty.peer");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("wechaty/src/test/node");
            if (Files.isRegularFile(candidate.resolve("puppet-peer.mjs"))) {
                return candidate;
            }
        }
        return Path.of("wechaty/src/test/node").toAbsolutePath();
    }

    /** Why the peer cannot run here (no Node, packages not installed), or empty when it can. */
    public static Optional<String> unavailableReason() {
        Path dir = peerDirectory();
        if (!Files.isRegularFile(dir.resolve("puppet-peer.mjs"))) {
            return Optional.of("the Wechaty test peer script is missing at " + dir);
        }
        try {
            Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            node.getInputStream().readAllBytes();
            if (!node.waitFor(20, TimeUnit.SECONDS) || node.exitValue() != 0) {
                return Optional.of("Node.js does not run here (node --version failed)");
            }
        } catch (IOException e) {
            return Optional.of("Node.js is not installed (no 'node' on the PATH); .ci/prepare.d/wechaty-npm.sh installs it");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while looking for Node.js");
        }
        for (String pkg : List.of("wechaty-puppet-service", "wechaty-puppet-mock", "wechaty-grpc")) {
            if (!Files.isDirectory(dir.resolve("node_modules").resolve(pkg))) {
                return Optional.of("the npm package " + pkg + " is not installed in " + dir
                        + "; run .ci/prepare.d/wechaty-npm.sh (the Maven build runs it in its validate phase)");
            }
        }
        return Optional.empty();
    }

    /** A free TCP port on 127.0.0.1. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a peer and waits until it listens. */
    public static PuppetPeer start(Options options) {
        List<String> command = new ArrayList<>(List.of("node", peerDirectory().resolve("puppet-peer.mjs").toString(),
                "--port", String.valueOf(options.port())));
        if (options.tls()) {
            command.add("--tls");
        }
        if (options.trace()) {
            command.add("--trace");
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(peerDirectory().toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("WECHATY_"));
        env.put("PEER_TOKEN", options.token());
        env.put("HOME", options.home().toString());
        env.put("TMPDIR", options.home().toString());
        env.put("WECHATY_LOG", "warn");
        try {
            Files.createDirectories(options.home());
            PuppetPeer peer = new PuppetPeer(options, builder.start());
            peer.awaitEvent("the puppet service listening on port " + options.port(), Duration.ofSeconds(60),
                    e -> e.path("ev").asText().equals("listening"));
            return peer;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the Wechaty test peer", e);
        }
    }

    public Options options() {
        return options;
    }

    /** {@code 127.0.0.1:port}. */
    public String endpoint() {
        return "127.0.0.1:" + options.port();
    }

    /** The bot's own account; it is logged in when a client calls Start (after {@link #login()} when a QR is given). */
    public PuppetPeer self(String id, String name, String scanQrCode) {
        ObjectNode cmd = command("self").put("id", id).put("name", name);
        if (scanQrCode != null) {
            cmd.put("scan", scanQrCode);
        }
        return sendAndAwaitOk(cmd);
    }

    public PuppetPeer self(String id, String name) {
        return self(id, name, null);
    }

    /** Confirms the login after a scan. */
    public PuppetPeer login() {
        return sendAndAwaitOk(command("login"));
    }

    public PuppetPeer contact(String id, String name) {
        return sendAndAwaitOk(command("contact").put("id", id).put("name", name));
    }

    public PuppetPeer room(String id, String topic, List<String> memberIds) {
        ObjectNode cmd = command("room").put("id", id).put("topic", topic);
        memberIds.forEach(cmd.putArray("members")::add);
        return sendAndAwaitOk(cmd);
    }

    /** A contact writes a message to a contact (the bot) or a room, mentioning these contacts; returns its id. */
    public String say(String from, String to, String text, String... mentionIds) {
        String tag = "t" + System.nanoTime();
        ObjectNode cmd = command("say").put("from", from).put("to", to).put("text", text).put("tag", tag);
        var mentions = cmd.putArray("mentions");
        for (String id : mentionIds) {
            mentions.add(id);
        }
        write(cmd);
        JsonNode said = awaitEvent("the message '" + text + "' to be created", Duration.ofSeconds(20),
                e -> e.path("ev").asText().equals("said") && e.path("tag").asText().equals(tag)
                        || isErrorFor(e, "say"));
        failOnError(said);
        return said.path("id").asText();
    }

    /**
     * A contact sends a file into a private chat (the bot) or a room; the mock makes it a picture ({@code .png},
     * {@code .jpg}), a voice message ({@code .silk}), a video ({@code .mp4}) or an attachment by its name. Returns the
     * message id.
     */
    public String sayFile(String from, String to, String fileName, byte[] data) {
        String tag = "f" + System.nanoTime();
        ObjectNode cmd = command("sayFile").put("from", from).put("to", to).put("name", fileName)
                .put("base64", java.util.Base64.getEncoder().encodeToString(data)).put("tag", tag);
        if (fileName.endsWith(".silk")) {
            cmd.put("mediaType", "audio/silk");
        }
        write(cmd);
        JsonNode said = awaitEvent("the file '" + fileName + "' to be sent", Duration.ofSeconds(20),
                e -> e.path("ev").asText().equals("said") && e.path("tag").asText().equals(tag) || isErrorFor(e, "sayFile"));
        failOnError(said);
        return said.path("id").asText();
    }

    /** A picture or file the bot sent, as the service got it. */
    public record SentFile(String conversationId, String name, byte[] data) {
    }

    /** Every picture or file the bot sent so far. */
    public List<SentFile> sentFiles() {
        List<SentFile> out = new ArrayList<>();
        for (JsonNode e : events) {
            if (e.path("ev").asText().equals("sentFile")) {
                out.add(new SentFile(e.path("conversationId").asText(), e.path("name").asText(),
                        java.util.Base64.getDecoder().decode(e.path("base64").asText())));
            }
        }
        return out;
    }

    /** Waits until the bot sent at least {@code n} pictures or files, and returns them all. */
    public List<SentFile> awaitSentFiles(int n, Duration timeout) {
        Await.until(n + " file(s) sent by the bot", timeout, () -> sentFiles().size() >= n);
        return sentFiles();
    }

    /** Sends {@code count} private messages from these contacts to {@code to} as fast as the service can. */
    public void burst(List<String> from, String to, int count, String text) {
        burst(from, to, count, text, 0);
    }

    /**
     * Sends {@code count} private messages from these contacts to {@code to}, {@code perSecond} a second (message
     * i is due i/perSecond seconds after the first), or as fast as the service can when {@code perSecond} is 0.
     */
    public void burst(List<String> from, String to, int count, String text, double perSecond) {
        ObjectNode cmd = command("burst").put("to", to).put("count", count).put("text", text).put("rate", perSecond);
        from.forEach(cmd.putArray("from")::add);
        burstStart = events.size();
        write(cmd);
    }

    /** Waits for the end of a burst: every message answered. */
    public Burst awaitBurst(Duration timeout) {
        int from = burstStart;
        JsonNode done = Await.value("every message of the burst answered", timeout, () -> {
            for (int i = from; i < events.size(); i++) {
                JsonNode e = events.get(i);
                if (e.path("ev").asText().equals("burst-done") || isErrorFor(e, "burst")) {
                    return e;
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError("the puppet peer exited during the burst:\n" + stderr());
            }
            return null;
        });
        failOnError(done);
        List<Double> latencies = new ArrayList<>();
        done.path("latenciesMs").forEach(n -> latencies.add(n.asDouble()));
        return new Burst(done.path("count").asInt(), done.path("elapsedMs").asDouble(), latencies);
    }

    /** The service stops emitting events (a hung service: no messages, no dongs). */
    public PuppetPeer mute() {
        return sendAndAwaitOk(command("mute"));
    }

    public PuppetPeer unmute() {
        return sendAndAwaitOk(command("unmute"));
    }

    /** Every text the bot sent so far. */
    public List<Sent> sent() {
        List<Sent> out = new ArrayList<>();
        for (JsonNode e : events) {
            if (e.path("ev").asText().equals("sent")) {
                List<String> mentions = new ArrayList<>();
                e.path("mentionIds").forEach(n -> mentions.add(n.asText()));
                out.add(new Sent(e.path("conversationId").asText(), e.path("text").asText(), List.copyOf(mentions)));
            }
        }
        return out;
    }

    /** Waits until the bot sent at least {@code n} texts, and returns them all. */
    public List<Sent> awaitSent(int n, Duration timeout) {
        Await.until(n + " text(s) sent by the bot (so far: " + sent() + ")", timeout, () -> sent().size() >= n);
        return sent();
    }

    /** Every call that arrived (needs {@link Options#trace()}). */
    public List<Call> calls() {
        List<Call> out = new ArrayList<>();
        for (JsonNode e : events) {
            if (e.path("ev").asText().equals("call")) {
                out.add(new Call(e.path("method").asText(), e.path("authorization").asText(), e.path("t").asLong()));
            }
        }
        return out;
    }

    public List<Call> calls(String method) {
        return calls().stream().filter(c -> c.method().equals(method)).toList();
    }

    /** Waits until at least {@code n} calls of this method arrived, and returns them. */
    public List<Call> awaitCalls(String method, int n, Duration timeout) {
        Await.until(n + " call(s) of " + method + " (so far " + calls(method).size() + ")", timeout,
                () -> calls(method).size() >= n);
        return calls(method);
    }

    /** What the Node process wrote to standard error, for failure messages. */
    public String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    /** The Node process's id, e.g. to read its CPU time from /proc. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the process at once, as a crash would. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                write(command("quit"));
                stdin.close();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (UncheckedIOException | IOException e) {
                process.destroyForcibly();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        kill();
    }

    private ObjectNode command(String name) {
        return JSON.createObjectNode().put("cmd", name);
    }

    private PuppetPeer sendAndAwaitOk(ObjectNode cmd) {
        int before = events.size();
        String name = cmd.path("cmd").asText();
        write(cmd);
        JsonNode answer = Await.value("the puppet peer to do " + cmd, Duration.ofSeconds(20), () -> {
            for (int i = before; i < events.size(); i++) {
                JsonNode e = events.get(i);
                if (e.path("cmd").asText().equals(name) && (e.path("ev").asText().equals("ok") || e.path("ev").asText().equals("error"))) {
                    return e;
                }
            }
            return null;
        });
        failOnError(answer);
        return this;
    }

    private static boolean isErrorFor(JsonNode e, String cmd) {
        return e.path("ev").asText().equals("error") && (e.path("cmd").isMissingNode() || e.path("cmd").asText().equals(cmd));
    }

    private void failOnError(JsonNode event) {
        if (event.path("ev").asText().equals("error")) {
            throw new AssertionError("the puppet peer failed: " + event.path("message").asText() + "\n" + stderr());
        }
    }

    private JsonNode awaitEvent(String what, Duration timeout, Predicate<JsonNode> match) {
        try {
            return Await.value(what, timeout, () -> {
                if (!process.isAlive() && events.stream().noneMatch(match)) {
                    throw new AssertionError("the puppet peer exited with " + process.exitValue() + " before " + what + ":\n" + stderr());
                }
                return events.stream().filter(match).findFirst().orElse(null);
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\npeer stderr:\n" + stderr(), e);
        }
    }

    private synchronized void write(ObjectNode cmd) {
        try {
            stdin.write((cmd.toString() + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the puppet peer does not take commands any more:\n" + stderr(), e);
        }
    }

    private void readEvents(InputStream in) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("{")) {
                    events.add(JSON.readTree(line));
                } else if (!line.isBlank()) {
                    appendStderr(line);
                }
            }
        } catch (IOException e) {
            appendStderr("(reading the peer's output failed: " + e.getMessage() + ")");
        }
    }

    private void readStderr(InputStream in) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                appendStderr(line);
            }
        } catch (IOException e) {
            appendStderr("(reading the peer's errors failed: " + e.getMessage() + ")");
        }
    }

    private void appendStderr(String line) {
        synchronized (stderr) {
            if (stderr.length() < 200_000) {
                stderr.append(line).append('\n');
            }
        }
    }
}
