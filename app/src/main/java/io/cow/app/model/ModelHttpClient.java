package io.cow.app.model;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import io.cow.core.channel.kit.BoundedBody;
import io.cow.core.model.ModelDeadline;
import io.cow.core.net.NetworkException;
import io.cow.core.net.Proxies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The HTTP client under LangChain4j's model clients: {@code java.net.http}, with this profile's {@link AdaptiveLimit}
 * on the requests in flight, retries on 429, 5xx and connection failures (exponential backoff, {@code Retry-After}
 * honoured, which LangChain4j's own retries cannot see), and the answer's deadline ({@code model.totalTimeout}).
 * A stream is read without holding a thread: its lines are parsed and handed to LangChain4j as they arrive, on the
 * HTTP client's own thread, which is also where the listener hears that the stream went silent too long or ended
 * before the answer was complete.
 */
final class ModelHttpClient implements HttpClient {

    private static final Logger log = LoggerFactory.getLogger("model");
    /** The largest answer read: a whole answer is a few KB; a far larger body would fill the heap. */
    static final long MAX_BODY = 8L << 20;
    /** A streamed answer in all, and one line of it (one event): a long answer streams a few MB at most. */
    static final long MAX_STREAM = 16L << 20;
    static final long MAX_LINE = 1L << 20;

    private final Supplier<java.net.http.HttpClient> http;
    private final Duration readTimeout;
    private final RetryPolicy retry;
    private final AdaptiveLimit limit;
    private final StreamEnd streamEnd;
    private final Proxies proxies;
    private volatile Target lastTarget;

    /**
     * @param http        the JDK client, asked for at each request (it is made on the first)
     * @param readTimeout for a blocking request its whole time, for a stream its longest silence
     * @param streamEnd   how this provider's streams say they are complete
     * @param proxies     the proxies that client takes, to name them when a connection fails
     */
    ModelHttpClient(Supplier<java.net.http.HttpClient> http, Duration readTimeout, RetryPolicy retry, AdaptiveLimit limit,
                    StreamEnd streamEnd, Proxies proxies) {
        this.http = http;
        this.readTimeout = readTimeout;
        this.retry = retry;
        this.limit = limit;
        this.streamEnd = streamEnd;
        this.proxies = proxies;
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        long deadline = ModelDeadline.current();
        for (int attempt = 0; ; attempt++) {
            AdaptiveLimit.Permit permit = awaitPermit(deadline);
            HttpResponse<byte[]> response;
            try {
                response = http.get().send(toJdk(request, deadline), BoundedBody.bytes(MAX_BODY, "the model API"));
            } catch (IOException | UnresolvedAddressException e) {
                // (the JDK's client may throw an unknown host unchecked)
                permit.ignored();
                Optional<Duration> wait = connectRetry(request, e, attempt, deadline);
                if (wait.isPresent()) {
                    sleep(wait.get());
                    continue;
                }
                throw new UncheckedIOException(unreachable(request, e));
            } catch (InterruptedException e) {
                permit.ignored();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            String body = new String(response.body(), StandardCharsets.UTF_8);
            if (isSuccess(response.statusCode())) {
                permit.succeeded();
                return toSuccess(response.statusCode(), response.headers().map(), body);
            }
            settle(permit, response.statusCode());
            Optional<Duration> wait = statusRetry(response.statusCode(), response.headers(), attempt, deadline);
            if (wait.isEmpty()) {
                throw new HttpException(response.statusCode(), body);
            }
            sleep(wait.get());
        }
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        new StreamExchange(this, request, parser, listener, ModelDeadline.current()).start();
    }

    // What the blocking and the streaming requests share.

    java.net.http.HttpClient jdk() {
        return http.get();
    }

    AdaptiveLimit limit() {
        return limit;
    }

    Duration readTimeout() {
        return readTimeout;
    }

    StreamEnd streamEnd() {
        return streamEnd;
    }

    /** Tells the limit what an unsuccessful status says about the provider's load. */
    static void settle(AdaptiveLimit.Permit permit, int status) {
        if (status == 429 || status == 503 || status == 529) {
            permit.overloaded();
        } else {
            permit.ignored();
        }
    }

    /** How long to wait before retrying after this status, or empty when it is not retried (or no time is left). */
    Optional<Duration> statusRetry(int status, java.net.http.HttpHeaders headers, int attempt, long deadline) {
        if (!RetryPolicy.isRetryableStatus(status) || attempt >= retry.maxRetries()) {
            return Optional.empty();
        }
        Optional<Duration> asked = RetryPolicy.retryAfter(headers);
        Duration wait = retry.delay(attempt, asked);
        if (ModelDeadline.remainingNanos(deadline) <= wait.toNanos()) {
            log.warn("Model API answered {}; no retry, the answer's time is up before {} ms", status, wait.toMillis());
            return Optional.empty();
        }
        String why = asked.isEmpty() ? ""
                : asked.get().compareTo(wait) > 0
                ? " (its Retry-After asked for " + asked.get().toMillis() + " ms, capped at model.retryMaxDelay)"
                : " (as its Retry-After asks)";
        log.warn("Model API answered {}; retry {} of {} in {} ms{}", status, attempt + 1, retry.maxRetries(), wait.toMillis(), why);
        return Optional.of(wait);
    }

    /**
     * How long to wait before retrying after a connection failure, or empty when it is not retried: the connection
     * could not be made (an unknown host included, which the JDK's client may throw unchecked), or it dropped before
     * the answer (a proxy or load balancer closing it). A timeout is not retried (the provider may be working on it,
     * and the wait was long already), nor an answer too large to read.
     */
    Optional<Duration> connectRetry(HttpRequest request, Throwable e, int attempt, long deadline) {
        boolean connectFailure = e instanceof UnresolvedAddressException || e instanceof IOException && !tooLarge(e)
                && (!(e instanceof HttpTimeoutException) || e instanceof HttpConnectTimeoutException);
        if (!connectFailure || attempt >= retry.maxRetries()) {
            return Optional.empty();
        }
        Duration wait = retry.delay(attempt, Optional.empty());
        if (ModelDeadline.remainingNanos(deadline) <= wait.toNanos()) {
            return Optional.empty();
        }
        log.warn("Model API not reachable ({}); retry {} of {} in {} ms", unreachable(request, e).getMessage(), attempt + 1,
                retry.maxRetries(), wait.toMillis());
        return Optional.of(wait);
    }

    /** The JDK client hands a body's failure on wrapped in an exception of its own. */
    private static boolean tooLarge(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BoundedBody.TooLargeException) {
                return true;
            }
        }
        return false;
    }

    private AdaptiveLimit.Permit awaitPermit(long deadline) {
        try {
            long left = ModelDeadline.remainingNanos(deadline);
            return left == Long.MAX_VALUE ? limit.acquire().get() : limit.acquire().get(Math.max(0, left), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(new TimeoutException("no complete answer in time: still waiting for a free request slot"));
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry", e);
        }
    }

    /** The JDK request; {@code timeout} bounds the wait for the response's headers (a blocking request: all of it). */
    java.net.http.HttpRequest toJdk(HttpRequest request, long deadline) {
        long left = ModelDeadline.remainingNanos(deadline);
        Duration timeout = left < readTimeout.toNanos() ? Duration.ofNanos(Math.max(1_000_000, left)) : readTimeout;
        URI uri = uriOf(request.url());
        java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder(uri).timeout(timeout);
        if ("http".equalsIgnoreCase(uri.getScheme())) {
            // Plain-text servers (Ollama, vLLM, a local proxy) speak HTTP/1.1: no h2c upgrade offer on every connection.
            builder.version(java.net.http.HttpClient.Version.HTTP_1_1);
        }
        request.headers().forEach((name, values) -> values.forEach(v -> builder.header(name, v)));
        java.net.http.HttpRequest.BodyPublisher body = request.body() == null
                ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8);
        return builder.method(request.method().name(), body).build();
    }

    /** A profile asks one URL again and again: it is parsed once, not for every request. */
    private URI uriOf(String url) {
        Target last = lastTarget;
        if (last != null && last.url().equals(url)) {
            return last.uri();
        }
        URI uri = URI.create(url);
        lastTarget = new Target(url, uri);
        return uri;
    }

    private record Target(String url, URI uri) {
    }

    static SuccessfulHttpResponse toSuccess(int status, Map<String, List<String>> headers, String body) {
        SuccessfulHttpResponse.Builder builder = SuccessfulHttpResponse.builder().statusCode(status).headers(headers);
        if (body != null) {
            builder.body(body);
        }
        return builder.build();
    }

    static boolean isSuccess(int status) {
        return status >= 200 && status < 300;
    }

    /** The failure with the host, port and proxy it was for, and its cause in words. */
    NetworkException unreachable(HttpRequest request, Throwable e) {
        return NetworkException.of(URI.create(request.url()), e, proxies);
    }
}
