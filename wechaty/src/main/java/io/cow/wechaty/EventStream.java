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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * One {@code Event} call: the service's server stream of events, read on the transport's thread. At most
 * {@link #WINDOW} events are being handled at a time; the next is requested from the service only when one of
 * them is handled, so a slow bot slows the stream instead of piling events up in memory.
 */
final class EventStream implements ClientResponseObserver<EventRequest, EventResponse> {

    private static final Logger log = LoggerFactory.getLogger(EventStream.class);
    static final int WINDOW = 64;

    /** Starts handling an event and says when it is handled. */
    private final Function<EventResponse, CompletableFuture<?>> handler;
    private final CompletableFuture<Void> firstEvent = new CompletableFuture<>();
    private final CompletableFuture<Status> ended = new CompletableFuture<>();
    private volatile ClientCallStreamObserver<EventRequest> call;
    private volatile long lastActivityNanos = System.nanoTime();
    /** Events taken and not handled yet: while there are any, the service is waiting for the bot, not silent. */
    private final AtomicInteger handling = new AtomicInteger();

    EventStream(Function<EventResponse, CompletableFuture<?>> handler) {
        this.handler = handler;
    }

    void open(PuppetGrpc.PuppetStub stub) {
        stub.event(EventRequest.getDefaultInstance(), this);
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<EventRequest> requestStream) {
        this.call = requestStream;
        requestStream.disableAutoRequestWithInitial(WINDOW);
    }

    @Override
    public void onNext(EventResponse event) {
        lastActivityNanos = System.nanoTime();
        firstEvent.complete(null);
        handling.incrementAndGet();
        CompletableFuture<?> handled;
        try {
            handled = handler.apply(event);
        } catch (RuntimeException e) {
            log.error("❌ Could not handle a {} event from the puppet service; going on with the next one", event.getType(), e);
            handled = CompletableFuture.completedFuture(null);
        }
        handled.whenComplete((ok, error) -> requestNext());
    }

    private void requestNext() {
        lastActivityNanos = System.nanoTime();
        handling.decrementAndGet();
        ClientCallStreamObserver<EventRequest> c = call;
        if (c != null && !ended.isDone()) {
            c.request(1);
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
        return handling.get() > 0 ? 0 : System.nanoTime() - lastActivityNanos;
    }

    void cancel(String reason) {
        ClientCallStreamObserver<EventRequest> c = call;
        if (c != null && !ended.isDone()) {
            c.cancel(reason, null);
        }
        ended.complete(Status.CANCELLED.withDescription(reason));
    }
}
