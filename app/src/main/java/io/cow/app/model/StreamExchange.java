package io.cow.app.model;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventContext;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import dev.langchain4j.http.client.sse.ServerSentEventParsingHandle;
import io.cow.core.channel.kit.BoundedBody;
import io.cow.core.channel.kit.SharedTimer;
import io.cow.core.model.ModelDeadline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.UnresolvedAddressException;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One streamed request, from waiting for a permit to the stream's end, without a thread of its own: the permit, the
 * response and each line arrive as callbacks (on the HTTP client's thread), retries wait on the shared timer. It ends
 * exactly once, with {@code onClose} or {@code onError}: when the stream says the answer is complete and ends, when
 * it fails, goes silent for longer than the read timeout, ends without saying it is complete, or runs past the
 * answer's deadline.
 */
final class StreamExchange {

    private static final Logger log = LoggerFactory.getLogger("model");
    /** How much of an error body is read. */
    private static final int ERROR_BODY_LIMIT = 64 * 1024;

    private final ModelHttpClient client;
    private final HttpRequest request;
    private final ServerSentEventParser parser;
    private final ServerSentEventListener listener;
    private final long deadline;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Lines lines;
    /** The one timer of the exchange: at the deadline, or when a stream has been silent too long, whichever is first. */
    private ScheduledFuture<?> timer;

    StreamExchange(ModelHttpClient client, HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener,
                   long deadline) {
        this.client = client;
        this.request = request;
        this.parser = parser;
        this.listener = listener;
        this.deadline = deadline;
    }

    void start() {
        watch();
        attempt(0);
    }

    /** (Re)sets the timer to the next moment something may be due. */
    private synchronized void watch() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        if (ended.get()) {
            return;
        }
        long now = System.nanoTime();
        Lines reading = lines;
        // Before the answer starts, the first look is one silence away (the JDK client bounds the wait for the
        // headers with the same time): the stream's start then needs no timer of its own, only a look when it is due.
        long quiet = reading != null ? reading.lastLineNanos + reading.silenceNanos - now : client.readTimeout().toNanos();
        long due = Math.min(ModelDeadline.remainingNanos(deadline), quiet);
        timer = SharedTimer.schedule(Duration.ofNanos(Math.max(0, due)), this::check);
    }

    /** The timer went off: the deadline passed, the stream went silent, or it spoke since and the timer moves on. */
    private void check() {
        Lines reading = lines;
        if (ModelDeadline.remainingNanos(deadline) <= 0) {
            deadlinePassed();
        } else if (reading != null && System.nanoTime() - reading.lastLineNanos > reading.silenceNanos) {
            reading.stop(new SocketTimeoutException("the answer stream was silent for more than " + reading.silenceNanos / 1_000_000 + " ms"));
        } else {
            watch();
        }
    }

    private void attempt(int attempt) {
        client.limit().acquire().whenComplete((permit, error) -> {
            if (ended.get()) {
                if (permit != null) {
                    permit.ignored();
                }
                return;
            }
            send(permit, attempt);
        });
    }

    private void send(AdaptiveLimit.Permit permit, int attempt) {
        java.net.http.HttpRequest jdkRequest;
        try {
            jdkRequest = client.toJdk(request, deadline);
        } catch (RuntimeException e) {
            permit.ignored();
            fail(e);
            return;
        }
        client.jdk().sendAsync(jdkRequest, info -> bodyOf(info, permit)).whenComplete((response, error) -> {
            if (error != null) {
                permit.ignored();
                failed(unwrap(error), attempt);
            } else if (!ModelHttpClient.isSuccess(response.statusCode())) {
                ModelHttpClient.settle(permit, response.statusCode());
                refused(response.statusCode(), response.headers(), String.valueOf(response.body()), attempt);
            }
            // A successful response is ended by its Lines.
        });
    }

    /** Lines for a successful answer, the (bounded) text for an error. */
    private HttpResponse.BodySubscriber<?> bodyOf(HttpResponse.ResponseInfo info, AdaptiveLimit.Permit permit) {
        if (!ModelHttpClient.isSuccess(info.statusCode())) {
            return HttpResponse.BodySubscribers.mapping(BoundedBody.bytes(ModelHttpClient.MAX_BODY, "the model API").apply(info),
                    bytes -> new String(bytes, 0, Math.min(bytes.length, ERROR_BODY_LIMIT), StandardCharsets.UTF_8));
        }
        if (ended.get()) {
            permit.ignored();
            return HttpResponse.BodySubscribers.discarding();
        }
        listener.onOpen(ModelHttpClient.toSuccess(info.statusCode(), info.headers().map(), null));
        Lines started = new Lines(permit);
        lines = started;
        return new LineBody(started, ModelHttpClient.MAX_STREAM, ModelHttpClient.MAX_LINE);
    }

    private void failed(Throwable error, int attempt) {
        Optional<Duration> wait = client.connectRetry(request, error, attempt, deadline);
        if (wait.isPresent() && !ended.get()) {
            SharedTimer.schedule(wait.get(), () -> attempt(attempt + 1));
            return;
        }
        fail(error instanceof IOException || error instanceof UnresolvedAddressException
                ? new UncheckedIOException(client.unreachable(request, error)) : error);
    }

    private void refused(int status, java.net.http.HttpHeaders headers, String body, int attempt) {
        Optional<Duration> wait = client.statusRetry(status, headers, attempt, deadline);
        if (wait.isPresent() && !ended.get()) {
            SharedTimer.schedule(wait.get(), () -> attempt(attempt + 1));
            return;
        }
        fail(new HttpException(status, body));
    }

    private void deadlinePassed() {
        Lines reading = lines;
        if (reading != null) {
            reading.stop(new TimeoutException("no complete answer in time (model.totalTimeout)"));
        } else {
            fail(new TimeoutException("no complete answer in time (model.totalTimeout)"));
        }
    }

    /** Ends the exchange with an error, unless it has ended. */
    private void fail(Throwable error) {
        if (ended.compareAndSet(false, true)) {
            cancelDeadline();
            listener.onError(error);
        }
    }

    private void close() {
        if (ended.compareAndSet(false, true)) {
            cancelDeadline();
            listener.onClose();
        }
    }

    private synchronized void cancelDeadline() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    /** Reads the lines of a successful answer as they arrive, and watches its silence. */
    private final class Lines implements LineBody.Lines, ServerSentEventListener, ServerSentEventParsingHandle {
        private final AdaptiveLimit.Permit permit;
        private final EventLines events;
        private final long silenceNanos = client.readTimeout().toNanos();
        private volatile Flow.Subscription subscription;
        private volatile long lastLineNanos = System.nanoTime();
        private volatile boolean cancelled;
        private boolean finished;

        Lines(AdaptiveLimit.Permit permit) {
            this.permit = permit;
            this.events = EventLines.of(parser, this, new ServerSentEventContext(this));
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            lastLineNanos = System.nanoTime();
            // No new timer: the one set at the start looks no later than a silence from now, and moves on from there.
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onLine(String line) {
            lastLineNanos = System.nanoTime();
            if (cancelled || ended.get()) {
                return;
            }
            try {
                events.line(line);
            } catch (RuntimeException e) {
                log.debug("The model client failed on a stream event; the stream goes on", e);
            }
        }

        @Override
        public void onError(Throwable error) {
            stopWatch();
            if (!ended.get()) {
                permit.ignored();
                fail(error);
            }
        }

        @Override
        public void onComplete() {
            stopWatch();
            if (ended.get()) {
                return;
            }
            events.end();
            if (cancelled) {
                permit.ignored();
                close();
            } else if (finished) {
                permit.succeeded();
                close();
            } else {
                permit.ignored();
                fail(new IOException("the answer stream ended before it was complete"));
            }
        }

        /** Events from the parser, on to LangChain4j; the one that says the answer is complete is noted. */
        @Override
        public void onEvent(ServerSentEvent event, ServerSentEventContext context) {
            if (!finished && client.streamEnd().says(event)) {
                finished = true;
            }
            listener.onEvent(event, context);
        }

        @Override
        public void onEvent(ServerSentEvent event) {
            onEvent(event, new ServerSentEventContext(this));
        }

        /** Ends the stream early: the connection is dropped and the listener told why. */
        void stop(Throwable why) {
            stopWatch();
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            if (!ended.get()) {
                permit.ignored();
                fail(why);
            }
        }

        private void stopWatch() {
            cancelDeadline();
        }

        /** LangChain4j's handle to cancel the stream (a handler that has heard enough). */
        @Override
        public void cancel() {
            cancelled = true;
            stopWatch();
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            if (!ended.get()) {
                permit.ignored();
                close();
            }
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }
    }
}
