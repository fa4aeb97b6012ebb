package io.cow.testkit.openai;

import io.cow.testkit.http.HugeBody;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A fake of the OpenAI Chat Completions API on 127.0.0.1, answering with the real API's shapes: JSON
 * completions, SSE chunks ending in {@code [DONE]}, {@code usage}, and error bodies. Answers, latency,
 * token pace and faults are scripted by the test; every request is recorded.
 */
public final class FakeOpenAi implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Javalin server;
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final List<Long> receivedAtMillis = new CopyOnWriteArrayList<>();
    private final Deque<Fault> nextFaults = new ConcurrentLinkedDeque<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicInteger ids = new AtomicInteger();
    private volatile Function<RecordedRequest, String> answerer = r -> "Echo: " + r.lastUserMessage();
    private volatile Fault alwaysFault;
    private volatile Duration latency = Duration.ZERO;
    private volatile Duration tokenPace = Duration.ZERO;
    private volatile StreamListener streamListener = (chars, nanos) -> { };
    private volatile String requiredApiKey;
    private volatile boolean echoRejectedKeys;
    private volatile String modelVersion = "gpt-4o-2024-08-06";
    private volatile int maxConcurrent = Integer.MAX_VALUE;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peakInFlight = new AtomicInteger();
    private final AtomicInteger rejectedAsBusy = new AtomicInteger();
    private final List<Integer> rejectedIndexes = new CopyOnWriteArrayList<>();
    /** Start and end (nanoTime) of each request answered (not refused as busy), in the order they came. */
    private final List<long[]> answeredSpans = new CopyOnWriteArrayList<>();

    /** Names the server's threads, so that benchmarks can tell the fake's CPU and allocations from the bot's. */
    public static final String THREAD_NAME = "fake-model";

    private FakeOpenAi() {
        // Enough threads for a slow model at 100 requests/s: each request holds one for the whole latency.
        QueuedThreadPool threads = new QueuedThreadPool(400, 2, 60_000);
        threads.setName(THREAD_NAME);
        server = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.threadPool = threads;
            // Pictures travel base64 inside chat requests; OpenAI takes images up to 20 MB.
            config.http.maxRequestSize = 64L * 1024 * 1024;
            config.routes.post("/v1/chat/completions", this::chatCompletions);
            config.routes.post("/v1/audio/transcriptions", this::transcription);
            config.routes.post("/v1/images/generations", this::imageGeneration);
            config.routes.get("/v1/models", ctx -> ctx.json(Map.of("object", "list", "data", List.of(
                    Map.of("id", "gpt-4o", "object", "model", "created", 1715367049, "owned_by", "system")))));
        });
    }

    // ---------------------------------------------------------------- audio and images

    /**
     * A transcription request as received: the multipart form's {@code model} and {@code file}.
     *
     * @param model       the {@code model} field
     * @param audio       the {@code file} part's bytes
     * @param fileName    the {@code file} part's file name
     * @param contentType the {@code file} part's Content-Type
     */
    public record Transcription(String model, byte[] audio, String fileName, String contentType) {
    }

    private final List<Transcription> transcriptions = new CopyOnWriteArrayList<>();
    private final List<JsonNode> imageRequests = new CopyOnWriteArrayList<>();
    private volatile String transcript = "";
    private volatile byte[] picture = new byte[0];
    private volatile Fault.Status imageFault;

    /** What {@code /v1/audio/transcriptions} answers ({@code {"text": …}}). */
    public FakeOpenAi transcribeAs(String text) {
        this.transcript = text;
        return this;
    }

    /** The picture {@code /v1/images/generations} answers, as {@code b64_json} (what gpt-image-1 always returns). */
    public FakeOpenAi drawWith(byte[] png) {
        this.imageFault = null;
        this.picture = png.clone();
        return this;
    }

    /** Image requests fail with this error until {@link #drawWith} is called again. */
    public FakeOpenAi failImages(Fault.Status fault) {
        this.imageFault = fault;
        return this;
    }

    public List<Transcription> transcriptions() {
        return List.copyOf(transcriptions);
    }

    /** The JSON bodies of the image requests, in order. */
    public List<JsonNode> imageRequests() {
        return List.copyOf(imageRequests);
    }

    private void transcription(Context ctx) throws IOException {
        if (requiredApiKey != null && !("Bearer " + requiredApiKey).equals(ctx.header("Authorization"))) {
            error(ctx, new Fault.Status(401, "invalid_request_error", "invalid_api_key", "Incorrect API key provided.", null));
            return;
        }
        io.javalin.http.UploadedFile file = ctx.uploadedFile("file");
        String model = ctx.formParam("model");
        if (file == null || model == null || model.isBlank()) {
            error(ctx, new Fault.Status(400, "invalid_request_error", null, "'file' and 'model' are required.", null));
            return;
        }
        byte[] audio;
        try (java.io.InputStream in = file.content()) {
            audio = in.readAllBytes();
        }
        transcriptions.add(new Transcription(model, audio, file.filename(), file.contentType()));
        synchronized (requests) {
            requests.notifyAll();
        }
        ctx.contentType("application/json").result(JSON.writeValueAsString(Map.of("text", transcript)));
    }

    private void imageGeneration(Context ctx) throws IOException {
        JsonNode body = JSON.readTree(ctx.bodyAsBytes());
        if (body == null || body.path("prompt").asText("").isBlank()) {
            error(ctx, new Fault.Status(400, "invalid_request_error", null, "'prompt' is required.", null));
            return;
        }
        imageRequests.add(body);
        Fault.Status fault = imageFault;
        if (fault != null) {
            error(ctx, fault);
            return;
        }
        ctx.contentType("application/json").result(JSON.writeValueAsString(Map.of("created", System.currentTimeMillis() / 1000,
                "data", List.of(Map.of("b64_json", java.util.Base64.getEncoder().encodeToString(picture))),
                "usage", Map.of("input_tokens", 10, "output_tokens", 1056, "total_tokens", 1066))));
    }

    /** Starts a fake on a free port of 127.0.0.1. */
    public static FakeOpenAi start() {
        FakeOpenAi fake = new FakeOpenAi();
        fake.server.start("127.0.0.1", 0);
        return fake;
    }

    /** The base URL a client is configured with, ending in {@code /v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.port() + "/v1";
    }

    public int port() {
        return server.port();
    }

    /** Answers every request with the function's result. */
    public FakeOpenAi answer(Function<RecordedRequest, String> answerer) {
        this.answerer = answerer;
        return this;
    }

    /** Answers every request with this text. */
    public FakeOpenAi answerWith(String text) {
        return answer(r -> text);
    }

    /** Waits this long before answering each request. */
    public FakeOpenAi latency(Duration latency) {
        this.latency = latency;
        return this;
    }

    /** Waits this long between streamed chunks. */
    public FakeOpenAi tokenPace(Duration pace) {
        this.tokenPace = pace;
        return this;
    }

    /** Is told, after each streamed content chunk was flushed, how many answer characters are out so far. */
    public FakeOpenAi onStreamedChunk(StreamListener listener) {
        this.streamListener = listener;
        return this;
    }

    /** Hears about streamed chunks, for benchmarks that time what a client does with them. */
    @FunctionalInterface
    public interface StreamListener {
        /**
         * @param charsSoFar   answer characters flushed so far
         * @param flushedNanos {@link System#nanoTime()} right after the flush
         */
        void flushed(int charsSoFar, long flushedNanos);
    }

    /** Rejects requests whose bearer token is not this key, as the real API does (401). */
    public FakeOpenAi requireApiKey(String apiKey) {
        this.requiredApiKey = apiKey;
        return this;
    }

    /**
     * Makes 401 answers repeat the rejected key in full, as some OpenAI-compatible servers do; a bot must
     * not pass that on to its logs.
     */
    public FakeOpenAi echoRejectedKeys() {
        this.echoRejectedKeys = true;
        return this;
    }

    /**
     * Answers 429 (with {@code retry-after: 1}) to a request that arrives while this many are being answered, as a
     * provider's concurrency limit does.
     */
    public FakeOpenAi maxConcurrent(int requests) {
        this.maxConcurrent = requests;
        return this;
    }

    /** The most requests that were being answered at once (those refused as busy not counted). */
    public int peakInFlight() {
        return peakInFlight.get();
    }

    /**
     * For each request answered (not refused as busy), in the order they came: how many were being answered at the
     * middle of its answer, itself included. (Counted at arrival, a wave of eight arriving together would read 1 to 8.)
     */
    public List<Integer> inFlightAtMidpoints() {
        List<long[]> spans = List.copyOf(answeredSpans);
        return spans.stream().map(span -> {
            long middle = span[0] + (span[1] - span[0]) / 2;
            return (int) spans.stream().filter(other -> other[0] <= middle && middle <= other[1]).count();
        }).toList();
    }

    /** How many requests were refused with 429 because {@link #maxConcurrent} were being answered. */
    public int rejectedAsBusy() {
        return rejectedAsBusy.get();
    }

    /** How many of the requests from number {@code index} (from 0) on were refused as busy. */
    public int rejectedAsBusySince(int index) {
        return (int) rejectedIndexes.stream().filter(i -> i >= index).count();
    }

    /** The next requests fail in these ways, one fault per request, in order. */
    public FakeOpenAi failNext(Fault... faults) {
        nextFaults.addAll(List.of(faults));
        return this;
    }

    /** Every request fails this way, until {@link #heal()}. */
    public FakeOpenAi failAlways(Fault fault) {
        this.alwaysFault = fault;
        return this;
    }

    /** Stops all scripted faults. */
    public FakeOpenAi heal() {
        alwaysFault = null;
        nextFaults.clear();
        return this;
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** When request number {@code index} (from 0) arrived, in milliseconds of a monotonic clock. */
    public long receivedAt(int index) {
        return receivedAtMillis.get(index);
    }

    /** Waits until at least {@code count} requests were received, and returns them. */
    public List<RecordedRequest> awaitRequests(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (requests) {
            while (requests.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("expected " + count + " requests to the fake OpenAI API within "
                            + timeout + ", got " + requests.size());
                }
                requests.wait(Math.max(1, left / 1_000_000));
            }
        }
        return requests();
    }

    private void chatCompletions(Context ctx) throws Exception {
        RecordedRequest request = record(ctx);
        int now = inFlight.incrementAndGet();
        try {
            if (now > maxConcurrent) {
                rejectedAsBusy.incrementAndGet();
                rejectedIndexes.add(indexOf(request));
                error(ctx, (Fault.Status) Fault.rateLimited(1));
                return;
            }
            peakInFlight.accumulateAndGet(now, Math::max);
            long[] span = {System.nanoTime(), Long.MAX_VALUE};
            answeredSpans.add(span);
            try {
                answer(ctx, request);
            } finally {
                span[1] = System.nanoTime();
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void answer(Context ctx, RecordedRequest request) throws Exception {
        Fault fault = nextFaults.poll();
        if (fault == null) {
            fault = alwaysFault;
        }
        pause(latency);
        if (fault instanceof Fault.Hang) {
            stopped.await(10, TimeUnit.MINUTES);
            return;
        }
        if (fault instanceof Fault.Status status) {
            error(ctx, status);
            return;
        }
        if (fault instanceof Fault.KeepAliveOnly) {
            keepAliveOnly(ctx);
            return;
        }
        if (fault instanceof Fault.Drop) {
            HugeBody.drop(ctx);
            return;
        }
        if (fault instanceof Fault.Huge huge) {
            boolean streaming = request.streaming();
            HugeBody.send(ctx, streaming ? "text/event-stream" : "application/json",
                    streaming ? "data: {\"id\":\"" : "{\"id\":\"", huge.bytes());
            return;
        }
        if (requiredApiKey != null && !("Bearer " + requiredApiKey).equals(request.header("authorization"))) {
            error(ctx, new Fault.Status(401, "invalid_request_error", "invalid_api_key",
                    "Incorrect API key provided: " + (echoRejectedKeys ? String.valueOf(request.header("authorization")).replace("Bearer ", "")
                            : mask(request.header("authorization")))
                            + ". You can find your API key at https://platform.openai.com/account/api-keys.", null));
            return;
        }
        if (request.json() == null || !request.json().path("messages").isArray() || request.json().path("messages").isEmpty()
                || request.json().path("model").asText("").isEmpty()) {
            error(ctx, new Fault.Status(400, "invalid_request_error", null,
                    "'messages' and 'model' are required properties.", null));
            return;
        }
        String answer = answerer.apply(request);
        String model = request.json().path("model").asText();
        if (request.streaming()) {
            stream(ctx, request, answer, model, fault instanceof Fault.CutStream cut ? cut.afterChunks() : -1);
        } else {
            ctx.contentType("application/json").result(JSON.writeValueAsString(completion(request, answer, model)));
        }
    }

    private int indexOf(RecordedRequest request) {
        synchronized (requests) {
            for (int i = requests.size() - 1; i >= 0; i--) {
                if (requests.get(i) == request) {
                    return i;
                }
            }
        }
        return -1;
    }

    private RecordedRequest record(Context ctx) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : ctx.headerMap().keySet()) {
            headers.put(name.toLowerCase(Locale.ROOT), ctx.header(name));
        }
        String body = new String(ctx.bodyAsBytes(), StandardCharsets.UTF_8);
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            json = null;
        }
        RecordedRequest request = new RecordedRequest(ctx.method().name(), ctx.path(), Map.copyOf(headers), body, json);
        synchronized (requests) {
            receivedAtMillis.add(System.nanoTime() / 1_000_000);
            requests.add(request);
            requests.notifyAll();
        }
        return request;
    }

    private void error(Context ctx, Fault.Status status) throws IOException {
        ObjectNode error = JSON.createObjectNode();
        error.put("message", status.message());
        error.put("type", status.type());
        error.putNull("param");
        if (status.code() == null) {
            error.putNull("code");
        } else {
            error.put("code", status.code());
        }
        if (status.retryAfterSeconds() != null) {
            ctx.header("retry-after", String.valueOf(status.retryAfterSeconds()));
            ctx.header("x-ratelimit-reset-requests", status.retryAfterSeconds() + "s");
        }
        ctx.status(status.status()).contentType("application/json")
                .result(JSON.writeValueAsString(JSON.createObjectNode().set("error", error)));
    }

    private ObjectNode completion(RecordedRequest request, String answer, String model) {
        ObjectNode root = envelope("chat.completion", model);
        ArrayNode choices = root.putArray("choices");
        ObjectNode choice = choices.addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", answer);
        message.putNull("refusal");
        message.putArray("annotations");
        choice.putNull("logprobs");
        choice.put("finish_reason", "stop");
        root.set("usage", usage(request, answer));
        root.put("service_tier", "default");
        return root;
    }

    private void stream(Context ctx, RecordedRequest request, String answer, String model, int cutAfter) throws Exception {
        prepareStream(ctx);
        // The servlet stream itself: Javalin's own stream holds small writes back to decide on compression.
        OutputStream out = ctx.res().getOutputStream();
        String id = nextId();
        boolean includeUsage = request.json().path("stream_options").path("include_usage").asBoolean(false);
        writeEvent(out, chunk(id, model, delta("role", "assistant", "content", ""), null, includeUsage));
        List<String> tokens = tokens(answer);
        int sent = 0;
        for (int i = 0; i < tokens.size(); i++) {
            if (i == cutAfter) {
                abort(ctx);
                return;
            }
            pause(tokenPace);
            writeEvent(out, chunk(id, model, delta("content", tokens.get(i)), null, includeUsage));
            sent += tokens.get(i).length();
            streamListener.flushed(sent, System.nanoTime());
        }
        writeEvent(out, chunk(id, model, JSON.createObjectNode(), "stop", includeUsage));
        if (includeUsage) {
            ObjectNode last = envelope("chat.completion.chunk", model, id);
            last.putArray("choices");
            last.set("usage", usage(request, answer));
            writeEvent(out, last);
        }
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Sends comments every 100 ms, as proxies and some servers do to keep a connection open, and nothing else. */
    private void keepAliveOnly(Context ctx) throws Exception {
        prepareStream(ctx);
        OutputStream out = ctx.res().getOutputStream();
        try {
            while (!stopped.await(100, TimeUnit.MILLISECONDS)) {
                out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException clientGone) {
            // the client gave up on the stream: that is what a test of this fault waits for
        }
    }

    private static void abort(Context ctx) throws IOException {
        ctx.res().getOutputStream().flush();
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
        request.getConnectionMetaData().getConnection().getEndPoint().close();
    }

    private ObjectNode chunk(String id, String model, ObjectNode delta, String finishReason, boolean includeUsage) {
        ObjectNode root = envelope("chat.completion.chunk", model, id);
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        if (includeUsage) {
            root.putNull("usage");
        }
        return root;
    }

    private static ObjectNode delta(String... keyValues) {
        ObjectNode delta = JSON.createObjectNode();
        for (int i = 0; i < keyValues.length; i += 2) {
            delta.put(keyValues[i], keyValues[i + 1]);
        }
        if (delta.has("role")) {
            delta.putNull("refusal");
        }
        return delta;
    }

    private ObjectNode envelope(String object, String model) {
        return envelope(object, model, nextId());
    }

    private ObjectNode envelope(String object, String model, String id) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", id);
        root.put("object", object);
        root.put("created", System.currentTimeMillis() / 1000);
        root.put("model", model.equals("gpt-4o") ? modelVersion : model);
        root.put("system_fingerprint", "fp_fake" + Integer.toHexString(model.hashCode() & 0xfff));
        return root;
    }

    private String nextId() {
        return "chatcmpl-" + UUID.nameUUIDFromBytes(("fake" + ids.incrementAndGet()).getBytes(StandardCharsets.UTF_8))
                .toString().replace("-", "").substring(0, 24);
    }

    private static ObjectNode usage(RecordedRequest request, String answer) {
        int prompt = 0;
        for (RecordedRequest.Message m : request.messages()) {
            prompt += 4 + estimateTokens(m.content());
        }
        prompt += 3;
        int completion = estimateTokens(answer);
        ObjectNode usage = JSON.createObjectNode();
        usage.put("prompt_tokens", prompt);
        usage.put("completion_tokens", completion);
        usage.put("total_tokens", prompt + completion);
        ObjectNode promptDetails = usage.putObject("prompt_tokens_details");
        promptDetails.put("cached_tokens", 0);
        promptDetails.put("audio_tokens", 0);
        ObjectNode completionDetails = usage.putObject("completion_tokens_details");
        completionDetails.put("reasoning_tokens", 0);
        completionDetails.put("audio_tokens", 0);
        completionDetails.put("accepted_prediction_tokens", 0);
        completionDetails.put("rejected_prediction_tokens", 0);
        return usage;
    }

    /** A rough token count (about four characters a token), good enough for a fake's {@code usage}. */
    static int estimateTokens(String text) {
        return text.isEmpty() ? 0 : Math.max(1, (text.codePointCount(0, text.length()) + 3) / 4);
    }

    /** Splits an answer into stream pieces of up to four code points, as a tokenizer roughly would. */
    static List<String> tokens(String answer) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < answer.length()) {
            int end = i;
            for (int n = 0; n < 4 && end < answer.length(); n++) {
                end = answer.offsetByCodePoints(end, 1);
            }
            tokens.add(answer.substring(i, end));
            i = end;
        }
        return tokens;
    }

    private static void writeEvent(OutputStream out, JsonNode event) throws IOException {
        out.write(("data: " + JSON.writeValueAsString(event) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String mask(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return "(none)";
        }
        String key = authorization.substring(7);
        return key.length() <= 8 ? "****" : key.substring(0, 3) + "*".repeat(key.length() - 7) + key.substring(key.length() - 4);
    }

    private static void pause(Duration duration) throws InterruptedException {
        if (!duration.isZero() && !duration.isNegative()) {
            Thread.sleep(duration.toMillis());
        }
    }

    @Override
    public void close() {
        stopped.countDown();
        server.stop();
    }

    /** Response headers as the real API sends them for a stream. */
    private static void prepareStream(Context ctx) {
        ctx.status(200);
        ctx.contentType("text/event-stream; charset=utf-8");
        ctx.header("cache-control", "no-cache");
        ctx.header("x-request-id", "req_" + UUID.randomUUID().toString().replace("-", ""));
    }
}
