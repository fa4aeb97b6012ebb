package io.cow.app.model;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventContext;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The HTTP client under LangChain4j's OpenAI models: {@code java.net.http} with retries on 429, 5xx and
 * connection failures (exponential backoff, {@code Retry-After} honoured, which LangChain4j's own retries
 * cannot see), and for streams a limit on silence and a check that the stream really finished.
 */
final class RetryingHttpClient implements HttpClient {

    private static final Logger log = LoggerFactory.getLogger("model");

    private final Supplier<java.net.http.HttpClient> http;
    private final Duration readTimeout;
    private final RetryPolicy retry;

    /** @param http the JDK client, asked for at each request (it is made on the first) */
    RetryingHttpClient(Supplier<java.net.http.HttpClient> http, Duration readTimeout, RetryPolicy retry) {
        this.http = http;
        this.readTimeout = readTimeout;
        this.retry = retry;
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        for (int attempt = 0; ; attempt++) {
            HttpResponse<byte[]> response;
            try {
                response = http.get().send(toJdk(request), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                if (shouldRetryConnection(e, attempt)) {
                    continue;
                }
                throw new UncheckedIOException(describe(request, e), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            String body = new String(response.body(), StandardCharsets.UTF_8);
            if (isSuccess(response.statusCode())) {
                return toSuccess(response, body);
            }
            if (!shouldRetryStatus(response, attempt)) {
                throw new HttpException(response.statusCode(), body);
            }
        }
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        for (int attempt = 0; ; attempt++) {
            HttpResponse<InputStream> response;
            try {
                response = http.get().send(toJdk(request), HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                if (shouldRetryConnection(e, attempt)) {
                    continue;
                }
                listener.onError(new UncheckedIOException(describe(request, e), e));
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                listener.onError(e);
                return;
            }
            if (!isSuccess(response.statusCode())) {
                String body = readAll(response.body());
                if (shouldRetryStatus(response, attempt)) {
                    continue;
                }
                listener.onError(new HttpException(response.statusCode(), body));
                return;
            }
            stream(response, parser, listener);
            return;
        }
    }

    private void stream(HttpResponse<InputStream> response, ServerSentEventParser parser, ServerSentEventListener listener) {
        listener.onOpen(toSuccess(response, null));
        FinishWatcher watcher = new FinishWatcher(listener);
        try (InputStream body = new SilenceLimitedInputStream(response.body(), readTimeout)) {
            parser.parse(body, watcher);
        } catch (IOException e) {
            watcher.onError(e);
        }
        if (watcher.failed) {
            return;
        }
        if (watcher.finished) {
            listener.onClose();
        } else {
            listener.onError(new IOException("the answer stream ended before it was complete (no finish_reason, no [DONE])"));
        }
    }

    private boolean shouldRetryConnection(IOException e, int attempt) {
        boolean connectFailure = e instanceof ConnectException || e instanceof HttpConnectTimeoutException
                || e.getCause() instanceof ConnectException;
        if (!connectFailure || attempt >= retry.maxRetries()) {
            return false;
        }
        Duration wait = retry.delay(attempt, Optional.empty());
        log.warn("Model API not reachable ({}); retry {} of {} in {} ms", e.getMessage(), attempt + 1, retry.maxRetries(), wait.toMillis());
        sleep(wait);
        return true;
    }

    private boolean shouldRetryStatus(HttpResponse<?> response, int attempt) {
        if (!RetryPolicy.isRetryableStatus(response.statusCode()) || attempt >= retry.maxRetries()) {
            return false;
        }
        Optional<Duration> asked = RetryPolicy.retryAfter(response.headers());
        Duration wait = retry.delay(attempt, asked);
        log.warn("Model API answered {}; retry {} of {} in {} ms{}", response.statusCode(), attempt + 1, retry.maxRetries(),
                wait.toMillis(), asked.isPresent() ? " (as its Retry-After asks)" : "");
        sleep(wait);
        return true;
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry", e);
        }
    }

    private java.net.http.HttpRequest toJdk(HttpRequest request) {
        java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder(URI.create(request.url()))
                .timeout(readTimeout);
        request.headers().forEach((name, values) -> values.forEach(v -> builder.header(name, v)));
        java.net.http.HttpRequest.BodyPublisher body = request.body() == null
                ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8);
        return builder.method(request.method().name(), body).build();
    }

    private static SuccessfulHttpResponse toSuccess(HttpResponse<?> response, String body) {
        Map<String, List<String>> headers = response.headers().map();
        SuccessfulHttpResponse.Builder builder = SuccessfulHttpResponse.builder()
                .statusCode(response.statusCode())
                .headers(headers);
        if (body != null) {
            builder.body(body);
        }
        return builder.build();
    }

    private static boolean isSuccess(int status) {
        return status >= 200 && status < 300;
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(error body unreadable: " + e.getMessage() + ")";
        }
    }

    private static String describe(HttpRequest request, IOException e) {
        String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return "request to " + URI.create(request.url()).getHost() + " failed: " + what;
    }

    /** A {@code finish_reason} with a value (most chunks carry {@code "finish_reason": null}). */
    private static final Pattern FINISH_REASON = Pattern.compile("\"finish_reason\"\\s*:\\s*\"[a-z_]+\"");

    /** Whether an event's data says the answer is complete: {@code [DONE]}, or a chunk with a finish reason. */
    static boolean saysFinished(String data) {
        if (data == null) {
            return false;
        }
        // Looked for by hand first: nearly every chunk of a stream is neither, and most have no finish_reason at all.
        return data.strip().equals("[DONE]") || data.contains("\"finish_reason\"") && FINISH_REASON.matcher(data).find();
    }

    /** Passes events on, and notes whether the stream said it was finished. */
    private static final class FinishWatcher implements ServerSentEventListener {
        private final ServerSentEventListener delegate;
        private boolean finished;
        private boolean failed;

        FinishWatcher(ServerSentEventListener delegate) {
            this.delegate = delegate;
        }

        @Override
        public void onEvent(ServerSentEvent event, ServerSentEventContext context) {
            noteFinish(event);
            delegate.onEvent(event, context);
        }

        @Override
        public void onEvent(ServerSentEvent event) {
            noteFinish(event);
            delegate.onEvent(event);
        }

        private void noteFinish(ServerSentEvent event) {
            if (!finished && saysFinished(event.data())) {
                finished = true;
            }
        }

        @Override
        public void onError(Throwable error) {
            if (!failed) {
                failed = true;
                delegate.onError(error);
            }
        }
    }
}
