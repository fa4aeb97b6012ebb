package io.cow.wechaty;

import io.cow.wechaty.grpc.EventRequest;
import io.cow.wechaty.grpc.EventResponse;
import io.cow.wechaty.grpc.PuppetGrpc;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One {@code Event} call: the service's server stream of events. Events are handled one at a time on the
 * call's thread, in order; while one is handled no further event is requested, so a slow bot slows the
 * stream instead of piling events up in memory.
 */
final class EventStream implements ClientResponseObserver<EventRequest, EventResponse> {

    private static final Logger log = LoggerFactory.getLogger(EventStream.class);

    private final Consumer<EventResponse> handler;
    private final CompletableFuture<Void> firstEvent = new CompletableFuture<>();
    private final CompletableFuture<Status> ended = new CompletableFuture<>();
    private volatile ClientCallStreamObserver<EventRequest> call;
    private volatile long lastActivityNanos = System.nanoTime();
    private volatile boolean busy;

    EventStream(Consumer<EventResponse> handler) {
        this.handler = handler;
    }

    void open(PuppetGrpc.PuppetStub stub) {
        stub.event(EventRequest.getDefaultInstance(), this);
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<EventRequest> requestStream) {
        this.call = requestStream;
    }

    @Override
    public void onNext(EventResponse event) {
        lastActivityNanos = System.nanoTime();
        firstEvent.complete(null);
        busy = true;
        try {
            handler.accept(event);
        } catch (RuntimeException e) {
            log.error("❌ Could not handle a {} event from the puppet service; going on with the next one", event.getType(), e);
        } finally {
            busy = false;
            lastActivityNanos = System.nanoTime();
        }
    }

    @Override
    public void onError(Throwable t) {
        Status status = Status.fromThrowable(t);
        firstEvent.completeExceptionally(status.asRuntimeException());
        ended.complete(status);
    }

    @Override
    public void onCompleted() {
        Status status = Status.UNAVAILABLE.withDescription("the service closed the event stream");
        firstEvent.completeExceptionally(status.asRuntimeException());
        ended.complete(status);
    }

    /**
     * Waits for the first event (services send a heartbeat as soon as the stream is open); some community
     * services send none, so silence only delays. Throws the call's error when the stream failed.
     */
    void awaitOpen(long timeoutMillis) throws InterruptedException {
        try {
            firstEvent.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException quiet) {
            // no heartbeat: a service that does not send one at the start
        } catch (ExecutionException e) {
            throw (RuntimeException) e.getCause();
        }
    }

    /** Blocks until the stream ends, and says how. */
    Status awaitEnd() throws InterruptedException {
        try {
            return ended.get();
        } catch (ExecutionException e) {
            return Status.fromThrowable(e.getCause());
        }
    }

    boolean isEnded() {
        return ended.isDone();
    }

    /** Nanoseconds since the service last sent anything; zero while an event is being handled. */
    long quietNanos() {
        return busy ? 0 : System.nanoTime() - lastActivityNanos;
    }

    void cancel(String reason) {
        ClientCallStreamObserver<EventRequest> c = call;
        if (c != null && !ended.isDone()) {
            c.cancel(reason, null);
        }
        ended.complete(Status.CANCELLED.withDescription(reason));
    }
}
