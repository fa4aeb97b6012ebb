package io.cow.bench.websim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cow.testkit.web.SimContact;
import io.cow.testkit.web.SimulatorOptions;
import io.cow.testkit.web.WebWeChatSimulator;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the web WeChat simulator and its HTTP transport cost on their own: a bare protocol client (no bot, no model)
 * answers every private message at once, and the harness measures the time from {@code sim.sendText} to the
 * answer being accepted by webwxsendmsg. This is the floor under any figure measured for the {@code web} channel
 * against the simulator.
 *
 * <p>Run: {@code bench/run io.cow.bench.websim.SimulatorRoundTrip [latency|burst|all]}.
 */
public final class SimulatorRoundTrip {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "/cgi-bin/mmwebwx-bin/";

    public static void main(String[] args) throws Exception {
        String mode = args.length == 0 ? "all" : args[0];
        if (mode.equals("latency") || mode.equals("all")) {
            latency(100, Duration.ofSeconds(20));
        }
        if (mode.equals("burst") || mode.equals("all")) {
            burst(10_000);
        }
        System.exit(0);
    }

    /** Enqueue→answer latency at a steady rate, after a warm-up of one fifth of the run. */
    private static void latency(int perSecond, Duration length) throws Exception {
        try (Rig rig = new Rig(10_000)) {
            int total = (int) (length.toSeconds() * perSecond);
            int warmUp = total / 5;
            long interval = 1_000_000_000L / perSecond;
            long start = System.nanoTime();
            for (int i = 0; i < total; i++) {
                LockSupport.parkNanos(start + i * interval - System.nanoTime());
                rig.enqueue();
            }
            rig.awaitAnswers(total, Duration.ofSeconds(60));
            long[] micros = rig.latenciesMicros(warmUp);
            System.out.printf("simulator round trip at %d msg/s, %d messages (first %d skipped as warm-up): "
                            + "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n", perSecond, total - warmUp, warmUp,
                    pct(micros, 50), pct(micros, 90), pct(micros, 99), micros[micros.length - 1] / 1000.0);
        }
    }

    /** Messages per second when everything is enqueued at once and answered one by one. */
    private static void burst(int count) throws Exception {
        try (Rig rig = new Rig(200_000)) {
            rig.enqueueBurst(500);
            rig.awaitAnswers(500, Duration.ofSeconds(60));
            rig.reset();
            int synccheckBefore = rig.sim.requests("synccheck").size();
            int syncBefore = rig.sim.requests("webwxsync").size();
            long cpuBefore = processCpuNanos();
            long simCpuBefore = simulatorThreadsCpuNanos();
            long start = System.nanoTime();
            rig.enqueueBurst(count);
            rig.awaitAnswers(count, Duration.ofMinutes(5));
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (processCpuNanos() - cpuBefore) / 1e9;
            double simCpuSeconds = (simulatorThreadsCpuNanos() - simCpuBefore) / 1e9;
            System.out.printf("simulator burst: %d messages enqueued at once, all answered in %.2f s: %.0f msg/s; "
                            + "%.2f CPU-s per 1,000 messages (simulator and bare client together), of which the "
                            + "simulator's server threads %.2f; %d synccheck and %d webwxsync calls%n", count, seconds,
                    count / seconds, cpuSeconds * 1000 / count, simCpuSeconds * 1000 / count,
                    rig.sim.requests("synccheck").size() - synccheckBefore,
                    rig.sim.requests("webwxsync").size() - syncBefore);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** CPU time of the simulator's HTTP server threads (named {@code websim-*}) alive now. */
    private static long simulatorThreadsCpuNanos() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long total = 0;
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("websim")) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    private static double pct(long[] sortedMicros, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sortedMicros.length) - 1;
        return sortedMicros[Math.max(0, index)] / 1000.0;
    }

    /** A simulator, one friend, and a bare client answering in its own thread. */
    private static final class Rig implements AutoCloseable {

        final WebWeChatSimulator sim;
        final SimContact friend;
        final Map<String, Long> enqueued = new ConcurrentHashMap<>();
        final Map<String, Long> answered = new ConcurrentHashMap<>();
        final AtomicLong answers = new AtomicLong();
        final AtomicBoolean running = new AtomicBoolean(true);
        final BareClient client;
        final Thread loop;

        Rig(int requestLogLimit) throws Exception {
            sim = WebWeChatSimulator.start(SimulatorOptions.defaults().requestLogLimit(requestLogLimit)
                    .initStatusNotify(false));
            friend = sim.addFriend("Load");
            sim.onSent(m -> {
                answered.put(m.content(), System.nanoTime());
                synchronized (answers) {
                    answers.incrementAndGet();
                    answers.notifyAll();
                }
            });
            client = new BareClient(sim.baseUrl());
            String uuid = client.jslogin();
            sim.scan(uuid);
            sim.confirm(uuid);
            client.login(uuid);
            loop = new Thread(this::answerLoop, "bare-client");
            loop.start();
            sim.awaitPolling(Duration.ofSeconds(10));
        }

        void enqueue() {
            long at = System.nanoTime();
            enqueued.put(sim.sendText(friend, "q"), at);
        }

        void enqueueBurst(int count) {
            for (int i = 0; i < count; i++) {
                enqueue();
            }
        }

        void reset() {
            enqueued.clear();
            answered.clear();
            answers.set(0);
        }

        void awaitAnswers(int count, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (answers) {
                while (answers.get() < count) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new IllegalStateException("only " + answers.get() + " of " + count + " answered in " + timeout);
                    }
                    answers.wait(Math.max(1, left / 1_000_000));
                }
            }
        }

        long[] latenciesMicros(int skip) {
            long[] out = enqueued.entrySet().stream().sorted(Map.Entry.comparingByValue()).skip(skip)
                    .mapToLong(e -> (answered.get(e.getKey()) - e.getValue()) / 1000).toArray();
            Arrays.sort(out);
            return out;
        }

        /** synccheck → webwxsync → one webwxsendmsg per incoming text, whose content is the incoming MsgId. */
        private void answerLoop() {
            try {
                while (running.get()) {
                    if (client.syncCheck().endsWith("selector:\"0\"}")) {
                        continue;
                    }
                    JsonNode answer = client.sync();
                    for (JsonNode m : answer.path("AddMsgList")) {
                        if (!m.path("FromUserName").asText().equals(client.self)) {
                            client.send(m.path("FromUserName").asText(), m.path("MsgId").asText());
                        }
                    }
                }
            } catch (IOException | InterruptedException e) {
                if (running.get()) {
                    throw new IllegalStateException("the bare client stopped", e);
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            sim.close();
            loop.join(5_000);
        }
    }

    /** The least a web WeChat client does: log in, long-poll, sync, send. */
    private static final class BareClient {
        final String base;
        final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String skey;
        String sid;
        String uin;
        String passTicket;
        String self;
        JsonNode syncKey;
        long localIds = System.currentTimeMillis() * 10_000;

        BareClient(String base) {
            this.base = base;
        }

        String jslogin() throws IOException, InterruptedException {
            String body = get("/jslogin?appid=wx782c26e4c19acffb&fun=new&lang=zh_CN");
            return match(body, "uuid = \"([^\"]+)\"");
        }

        void login(String uuid) throws IOException, InterruptedException {
            String answer = get(API + "login?loginicon=true&tip=0&uuid=" + uuid);
            if (answer.startsWith("window.code=201;")) {
                answer = get(API + "login?loginicon=true&tip=0&uuid=" + uuid);
            }
            String redirect = match(answer, "redirect_uri=\"([^\"]+)\"");
            String xml = http.send(HttpRequest.newBuilder(URI.create(redirect + "&fun=new&version=v2"))
                    .header("client-version", "2.0.0").header("extspam", "bench").build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            skey = match(xml, "<skey>([^<]+)</skey>");
            sid = match(xml, "<wxsid>([^<]+)</wxsid>");
            uin = match(xml, "<wxuin>([^<]+)</wxuin>");
            passTicket = match(xml, "<pass_ticket>([^<]+)</pass_ticket>");
            JsonNode init = post(API + "webwxinit?pass_ticket=" + passTicket, withBase());
            syncKey = init.get("SyncKey");
            self = init.path("User").path("UserName").asText();
        }

        String syncCheck() throws IOException, InterruptedException {
            StringBuilder key = new StringBuilder();
            for (JsonNode item : syncKey.path("List")) {
                key.append(key.length() == 0 ? "" : "|").append(item.path("Key").asLong()).append('_')
                        .append(item.path("Val").asLong());
            }
            return get(API + "synccheck?skey=" + enc(skey) + "&sid=" + enc(sid) + "&uin=" + uin
                    + "&deviceid=e123456789012345&synckey=" + enc(key.toString()));
        }

        JsonNode sync() throws IOException, InterruptedException {
            ObjectNode body = withBase();
            body.set("SyncKey", syncKey);
            JsonNode answer = post(API + "webwxsync?sid=" + enc(sid) + "&skey=" + enc(skey) + "&pass_ticket="
                    + passTicket, body);
            syncKey = answer.get("SyncKey");
            return answer;
        }

        void send(String to, String content) throws IOException, InterruptedException {
            String id = Long.toString(++localIds);
            ObjectNode body = withBase();
            body.putObject("Msg").put("Type", 1).put("Content", content).put("FromUserName", self)
                    .put("ToUserName", to).put("LocalID", id).put("ClientMsgId", id);
            JsonNode answer = post(API + "webwxsendmsg?pass_ticket=" + passTicket, body);
            if (answer.path("BaseResponse").path("Ret").asInt() != 0) {
                throw new IOException("send refused: " + answer);
            }
        }

        private ObjectNode withBase() {
            ObjectNode body = JSON.createObjectNode();
            body.putObject("BaseRequest").put("Uin", Long.parseLong(uin)).put("Sid", sid).put("Skey", skey)
                    .put("DeviceID", "e123456789012345");
            return body;
        }

        private String get(String path) throws IOException, InterruptedException {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }

        private JsonNode post(String path, JsonNode body) throws IOException, InterruptedException {
            return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + path))
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        }

        private static String enc(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }

        private static String match(String text, String regex) throws IOException {
            Matcher m = Pattern.compile(regex).matcher(text);
            if (!m.find()) {
                throw new IOException("unexpected answer: " + text);
            }
            return m.group(1);
        }
    }
}
