package io.cow.testkit.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Fakes of the Anthropic, Gemini, Ollama and Azure OpenAI chat APIs on one server on 127.0.0.1, each on its real
 * paths, with its real headers, request and answer bodies, streaming format and error bodies (the OpenAI API itself
 * is {@link io.cow.testkit.openai.FakeOpenAi}). What it answers, how fast, which keys it accepts and which requests
 * fail are scripted by the test; every request is recorded as the provider reads it.
 */
public final class FakeModelApis implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Javalin server;
    private final List<ModelRequest> requests = new CopyOnWriteArrayList<>();
    private final Map<ModelApi, String> keys = new EnumMap<>(ModelApi.class);
    private final Deque<Integer> nextFailures = new ConcurrentLinkedDeque<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile Function<ModelRequest, String> answerer = r -> "Echo: " + r.lastUserMessage();
    private volatile Duration latency = Duration.ZERO;

    private FakeModelApis() {
        QueuedThreadPool threads = new QueuedThreadPool(200, 2, 60_000);
        threads.setName("fake-model-apis");
        server = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.threadPool = threads;
            config.routes.post("/v1/messages", ctx -> handle(ctx, ModelApi.ANTHROPIC));
            config.routes.post("/v1beta/models/{call}", ctx -> handle(ctx, ModelApi.GEMINI));
            config.routes.post("/api/chat", ctx -> handle(ctx, ModelApi.OLLAMA));
            config.routes.post("/openai/deployments/{deployment}/chat/completions", ctx -> handle(ctx, ModelApi.AZURE_OPENAI));
        });
    }

    /** Starts the fakes on a free port of 127.0.0.1. */
    public static FakeModelApis start() {
        FakeModelApis fake = new FakeModelApis();
        fake.server.start("127.0.0.1", 0);
        return fake;
    }

    /** The base URL a client of this API is configured with. */
    public String baseUrl(ModelApi api) {
        String root = "http://127.0.0.1:" + server.port();
        return switch (api) {
            case ANTHROPIC -> root + "/v1";
            case GEMINI -> root + "/v1beta";
            case OLLAMA, AZURE_OPENAI -> root;
        };
    }

    /** Answers every request with the function's result. */
    public FakeModelApis answer(Function<ModelRequest, String> answerer) {
        this.answerer = answerer;
        return this;
    }

    public FakeModelApis answerWith(String text) {
        return answer(r -> text);
    }

    /** Waits this long before answering each request. */
    public FakeModelApis latency(Duration latency) {
        this.latency = latency;
        return this;
    }

    /** Rejects requests to this API that do not carry this key, as that API does. */
    public FakeModelApis requireKey(ModelApi api, String key) {
        keys.put(api, key);
        return this;
    }

    /** The next requests (to any of the APIs) fail with these statuses, in that API's error format, one each. */
    public FakeModelApis failNext(int... statuses) {
        for (int status : statuses) {
            nextFailures.add(status);
        }
        return this;
    }

    public List<ModelRequest> requests() {
        return List.copyOf(requests);
    }

    private void handle(Context ctx, ModelApi api) throws Exception {
        ModelRequest request = read(ctx, api);
        requests.add(request);
        if (!latency.isZero()) {
            Thread.sleep(latency.toMillis());
        }
        Integer failure = nextFailures.poll();
        if (failure != null) {
            error(ctx, api, failure, null);
            return;
        }
        String required = keys.get(api);
        if (required != null && !required.equals(keyOf(request))) {
            error(ctx, api, api == ModelApi.GEMINI ? 400 : 401, "key");
            return;
        }
        String answer = answerer.apply(request);
        switch (api) {
            case ANTHROPIC -> Anthropic.answer(ctx, request, answer, nextId("msg_"));
            case GEMINI -> Gemini.answer(ctx, request, answer, nextId(""));
            case OLLAMA -> Ollama.answer(ctx, request, answer);
            case AZURE_OPENAI -> Azure.answer(ctx, request, answer, nextId("chatcmpl-"));
        }
    }

    private static String keyOf(ModelRequest request) {
        return switch (request.api()) {
            case ANTHROPIC -> request.header("x-api-key");
            case GEMINI -> request.header("x-goog-api-key");
            case AZURE_OPENAI -> request.header("api-key");
            case OLLAMA -> {
                String auth = request.header("authorization");
                yield auth == null ? null : auth.replaceFirst("^Bearer ", "");
            }
        };
    }

    private ModelRequest read(Context ctx, ModelApi api) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        ctx.headerMap().forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
        JsonNode json = JSON.readTree(ctx.bodyAsBytes());
        String path = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
        List<ModelRequest.Message> messages = new ArrayList<>();
        String system = "";
        String model;
        boolean streaming;
        switch (api) {
            case ANTHROPIC -> {
                model = json.path("model").asText();
                streaming = json.path("stream").asBoolean(false);
                system = text(json.path("system"));
                json.path("messages").forEach(m -> messages.add(new ModelRequest.Message(m.path("role").asText(), text(m.path("content")))));
            }
            case GEMINI -> {
                String call = ctx.pathParam("call");
                model = call.substring(0, call.indexOf(':'));
                streaming = call.endsWith(":streamGenerateContent");
                system = parts(json.path("systemInstruction").path("parts"));
                json.path("contents").forEach(c -> messages.add(new ModelRequest.Message(c.path("role").asText(), parts(c.path("parts")))));
            }
            case OLLAMA -> {
                model = json.path("model").asText();
                streaming = json.path("stream").asBoolean(true);
                system = openAiStyle(json, messages);
            }
            default -> {
                model = ctx.pathParam("deployment");
                streaming = json.path("stream").asBoolean(false);
                system = openAiStyle(json, messages);
            }
        }
        return new ModelRequest(api, path, Map.copyOf(headers), json, model, system, List.copyOf(messages), streaming);
    }

    /** Messages as OpenAI-style APIs send them; returns the system prompt. */
    private static String openAiStyle(JsonNode json, List<ModelRequest.Message> messages) {
        StringBuilder system = new StringBuilder();
        for (JsonNode m : json.path("messages")) {
            String role = m.path("role").asText();
            if (role.equals("system")) {
                system.append(text(m.path("content")));
            } else {
                messages.add(new ModelRequest.Message(role, text(m.path("content"))));
            }
        }
        return system.toString();
    }

    /** A content that is a string or a list of text blocks. */
    private static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder out = new StringBuilder();
        content.forEach(block -> out.append(block.path("text").asText("")));
        return out.toString();
    }

    private static String parts(JsonNode parts) {
        StringBuilder out = new StringBuilder();
        parts.forEach(part -> out.append(part.path("text").asText("")));
        return out.toString();
    }

    private static void error(Context ctx, ModelApi api, int status, String cause) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        switch (api) {
            case ANTHROPIC -> {
                body.put("type", "error");
                ObjectNode error = body.putObject("error");
                error.put("type", switch (status) {
                    case 401 -> "authentication_error";
                    case 404 -> "not_found_error";
                    case 429 -> "rate_limit_error";
                    case 529 -> "overloaded_error";
                    default -> status >= 500 ? "api_error" : "invalid_request_error";
                });
                error.put("message", status == 401 ? "invalid x-api-key" : status == 529 ? "Overloaded" : "Internal server error");
                body.put("request_id", "req_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24));
            }
            case GEMINI -> {
                ObjectNode error = body.putObject("error");
                error.put("code", status);
                error.put("message", cause != null ? "API key not valid. Please pass a valid API key."
                        : status == 429 ? "Resource has been exhausted (e.g. check quota)." : "An internal error has occurred.");
                error.put("status", status == 400 ? "INVALID_ARGUMENT" : status == 429 ? "RESOURCE_EXHAUSTED"
                        : status == 503 ? "UNAVAILABLE" : status == 404 ? "NOT_FOUND" : "INTERNAL");
            }
            case OLLAMA -> body.put("error", status == 401 ? "unauthorized" : status == 404 ? "model not found, try pulling it first"
                    : "llama runner process has terminated");
            case AZURE_OPENAI -> {
                ObjectNode error = body.putObject("error");
                error.put("code", String.valueOf(status));
                error.put("message", status == 401
                        ? "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource."
                        : "The server had an error while processing your request.");
            }
        }
        ctx.status(status).contentType("application/json").result(JSON.writeValueAsString(body));
    }

    private String nextId(String prefix) {
        return prefix + UUID.nameUUIDFromBytes(("fake" + ids.incrementAndGet()).getBytes(StandardCharsets.UTF_8))
                .toString().replace("-", "").substring(0, 24);
    }

    /** Up to four code points a piece, as a tokenizer roughly splits text. */
    static List<String> pieces(String answer) {
        List<String> pieces = new ArrayList<>();
        int i = 0;
        while (i < answer.length()) {
            int end = i;
            for (int n = 0; n < 4 && end < answer.length(); n++) {
                end = answer.offsetByCodePoints(end, 1);
            }
            pieces.add(answer.substring(i, end));
            i = end;
        }
        return pieces;
    }

    /** A rough token count (about four characters a token), for the usage figures. */
    static int tokens(String text) {
        return text.isEmpty() ? 0 : Math.max(1, (text.codePointCount(0, text.length()) + 3) / 4);
    }

    static int promptTokens(ModelRequest request) {
        int tokens = tokens(request.system());
        for (ModelRequest.Message m : request.messages()) {
            tokens += 3 + tokens(m.text());
        }
        return tokens;
    }

    static OutputStream stream(Context ctx, String contentType) throws IOException {
        ctx.status(200);
        ctx.contentType(contentType);
        ctx.header("cache-control", "no-cache");
        // The servlet stream itself: Javalin's own stream holds small writes back to decide on compression.
        return ctx.res().getOutputStream();
    }

    static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    static String json(JsonNode node) throws IOException {
        return JSON.writeValueAsString(node);
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** Anthropic's Messages API. */
    private static final class Anthropic {
        static void answer(Context ctx, ModelRequest request, String answer, String id) throws IOException {
            int in = promptTokens(request);
            int out = tokens(answer);
            if (!request.streaming()) {
                ObjectNode message = message(request, id, in);
                message.putArray("content").addObject().put("type", "text").put("text", answer);
                message.put("stop_reason", "end_turn");
                message.with("usage").put("output_tokens", out);
                ctx.contentType("application/json").result(json(message));
                return;
            }
            OutputStream stream = stream(ctx, "text/event-stream; charset=utf-8");
            ObjectNode start = object().put("type", "message_start");
            ObjectNode message = message(request, id, in);
            message.putArray("content");
            message.with("usage").put("output_tokens", 1);
            start.set("message", message);
            event(stream, "message_start", start);
            ObjectNode blockStart = object().put("type", "content_block_start").put("index", 0);
            blockStart.putObject("content_block").put("type", "text").put("text", "");
            event(stream, "content_block_start", blockStart);
            event(stream, "ping", object().put("type", "ping"));
            for (String piece : pieces(answer)) {
                ObjectNode delta = object().put("type", "content_block_delta").put("index", 0);
                delta.putObject("delta").put("type", "text_delta").put("text", piece);
                event(stream, "content_block_delta", delta);
            }
            event(stream, "content_block_stop", object().put("type", "content_block_stop").put("index", 0));
            ObjectNode messageDelta = object().put("type", "message_delta");
            messageDelta.putObject("delta").put("stop_reason", "end_turn").putNull("stop_sequence");
            messageDelta.putObject("usage").put("output_tokens", out);
            event(stream, "message_delta", messageDelta);
            event(stream, "message_stop", object().put("type", "message_stop"));
        }

        private static ObjectNode message(ModelRequest request, String id, int in) {
            ObjectNode message = object().put("id", id).put("type", "message").put("role", "assistant").put("model", request.model());
            message.putNull("stop_reason");
            message.putNull("stop_sequence");
            message.putObject("usage").put("input_tokens", in).put("cache_creation_input_tokens", 0).put("cache_read_input_tokens", 0);
            return message;
        }

        private static void event(OutputStream out, String name, JsonNode data) throws IOException {
            write(out, "event: " + name + "\ndata: " + json(data) + "\n\n");
        }
    }

    /** Google's Gemini API (server-sent events with {@code alt=sse}; the real server ends events with CRLF). */
    private static final class Gemini {
        static void answer(Context ctx, ModelRequest request, String answer, String id) throws IOException {
            int in = promptTokens(request);
            if (!request.streaming()) {
                ctx.contentType("application/json").result(json(chunk(request, answer, id, true, in, tokens(answer))));
                return;
            }
            OutputStream stream = stream(ctx, "text/event-stream");
            List<String> pieces = pieces(answer);
            for (int i = 0; i < pieces.size(); i++) {
                boolean last = i == pieces.size() - 1;
                write(stream, "data: " + json(chunk(request, pieces.get(i), id, last, in, last ? tokens(answer) : 0)) + "\r\n\r\n");
            }
        }

        private static ObjectNode chunk(ModelRequest request, String text, String id, boolean last, int in, int out) {
            ObjectNode chunk = object();
            ObjectNode candidate = chunk.putArray("candidates").addObject();
            ObjectNode content = candidate.putObject("content");
            content.putArray("parts").addObject().put("text", text);
            content.put("role", "model");
            if (last) {
                candidate.put("finishReason", "STOP");
            }
            candidate.put("index", 0);
            ObjectNode usage = chunk.putObject("usageMetadata").put("promptTokenCount", in);
            if (last) {
                usage.put("candidatesTokenCount", out).put("totalTokenCount", in + out);
            } else {
                usage.put("totalTokenCount", in);
            }
            chunk.put("modelVersion", request.model());
            chunk.put("responseId", id);
            return chunk;
        }
    }

    /** Ollama's chat API: one JSON object per line. */
    private static final class Ollama {
        static void answer(Context ctx, ModelRequest request, String answer) throws IOException {
            if (!request.streaming()) {
                ctx.contentType("application/json; charset=utf-8").result(json(line(request, answer, true)));
                return;
            }
            OutputStream stream = stream(ctx, "application/x-ndjson");
            for (String piece : pieces(answer)) {
                write(stream, json(line(request, piece, false)) + "\n");
            }
            ObjectNode done = line(request, "", true);
            done.put("prompt_eval_count", promptTokens(request)).put("eval_count", tokens(answer));
            write(stream, json(done) + "\n");
        }

        private static ObjectNode line(ModelRequest request, String text, boolean done) {
            ObjectNode line = object().put("model", request.model()).put("created_at", Instant.now().toString());
            line.putObject("message").put("role", "assistant").put("content", text);
            if (done) {
                line.put("done_reason", "stop");
            }
            line.put("done", done);
            if (done) {
                line.put("total_duration", 181_553_584L).put("load_duration", 27_906_292L).put("prompt_eval_duration", 109_000_000L)
                        .put("eval_duration", 42_000_000L);
                if (!request.streaming()) {
                    line.put("prompt_eval_count", promptTokens(request)).put("eval_count", tokens(text));
                }
            }
            return line;
        }
    }

    /** Azure OpenAI: the OpenAI format with Azure's content filter results. */
    private static final class Azure {
        static void answer(Context ctx, ModelRequest request, String answer, String id) throws IOException {
            int in = promptTokens(request);
            int out = tokens(answer);
            if (!request.streaming()) {
                ObjectNode completion = envelope(id, "chat.completion", request.model());
                ObjectNode choice = completion.putArray("choices").addObject();
                choice.putObject("content_filter_results");
                choice.put("finish_reason", "stop").put("index", 0).putNull("logprobs");
                choice.putObject("message").put("content", answer).put("role", "assistant").putNull("refusal");
                filters(completion);
                completion.putObject("usage").put("completion_tokens", out).put("prompt_tokens", in).put("total_tokens", in + out);
                ctx.contentType("application/json").result(json(completion));
                return;
            }
            OutputStream stream = stream(ctx, "text/event-stream; charset=utf-8");
            ObjectNode first = object().put("id", "").put("object", "").put("created", 0).put("model", "");
            first.putArray("choices");
            filters(first);
            write(stream, "data: " + json(first) + "\n\n");
            for (String piece : pieces(answer)) {
                ObjectNode chunk = envelope(id, "chat.completion.chunk", request.model());
                ObjectNode choice = chunk.putArray("choices").addObject();
                choice.putObject("content_filter_results");
                choice.putObject("delta").put("content", piece);
                choice.putNull("finish_reason");
                choice.put("index", 0);
                write(stream, "data: " + json(chunk) + "\n\n");
            }
            ObjectNode last = envelope(id, "chat.completion.chunk", request.model());
            ObjectNode choice = last.putArray("choices").addObject();
            choice.putObject("content_filter_results");
            choice.putObject("delta");
            choice.put("finish_reason", "stop").put("index", 0);
            write(stream, "data: " + json(last) + "\n\n");
            write(stream, "data: [DONE]\n\n");
        }

        private static ObjectNode envelope(String id, String object, String model) {
            return object().put("id", id).put("object", object).put("created", Instant.now().getEpochSecond())
                    .put("model", model).put("system_fingerprint", "fp_fake");
        }

        private static void filters(ObjectNode node) {
            ArrayNode results = node.putArray("prompt_filter_results");
            ObjectNode filter = results.addObject().put("prompt_index", 0);
            ObjectNode categories = filter.putObject("content_filter_results");
            for (String category : List.of("hate", "self_harm", "sexual", "violence")) {
                categories.putObject(category).put("filtered", false).put("severity", "safe");
            }
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
