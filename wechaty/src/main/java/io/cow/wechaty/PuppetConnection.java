package io.cow.wechaty;

import io.cow.core.channel.kit.ChannelFailure;
import io.cow.core.channel.kit.Durations;
import io.cow.core.channel.kit.SessionLoop;
import io.cow.wechaty.grpc.DingRequest;
import io.cow.wechaty.grpc.DingResponse;
import io.cow.wechaty.grpc.EventResponse;
import io.cow.wechaty.grpc.PuppetGrpc;
import io.cow.wechaty.grpc.StartRequest;
import io.cow.wechaty.grpc.StopRequest;
import io.cow.wechaty.grpc.VersionRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The connection to the puppet service, as the session loop's steps: connect (look the endpoint up when none is
 * configured, open the event stream, start the puppet), then serve the event stream until it ends. Also the
 * watchdog that dings a quiet connection and drops one that stays silent.
 */
final class PuppetConnection implements SessionLoop.Steps<EventStream> {

    private static final Logger log = LoggerFactory.getLogger(PuppetConnection.class);
    /** How long to wait for the heartbeat a service sends when the event stream opens. */
    private static final long OPEN_WAIT_MILLIS = 5_000;

    private final WechatyConfig config;
    private final Function<EventResponse, CompletableFuture<?>> onEvent;
    private volatile ManagedChannel grpc;
    private volatile String endpoint;
    private volatile EventStream stream;
    private volatile boolean connected;
    private volatile long lastDingNanos;
    private boolean everConnected;

    /** @param onEvent handles an event on the transport's thread and says when it is handled */
    PuppetConnection(WechatyConfig config, Function<EventResponse, CompletableFuture<?>> onEvent) {
        this.config = config;
        this.onEvent = onEvent;
    }

    @Override
    public EventStream logIn() throws ChannelFailure, InterruptedException {
        EventStream current = null;
        try {
            openChannel();
            grpc.resetConnectBackoff();
            current = new EventStream(onEvent);
            stream = current;
            current.open(PuppetGrpc.newStub(grpc)); // no deadline: the stream lives as long as the connection
            current.awaitOpen(OPEN_WAIT_MILLIS);
            blockingStub().start(StartRequest.getDefaultInstance());
        } catch (StatusRuntimeException e) {
            cancel(current);
            throw PuppetErrors.failure("", e.getStatus(), config, endpoint);
        } catch (EndpointDiscovery.DiscoveryException e) {
            throw ChannelFailure.retryable("Wechaty puppet service: " + e.getMessage());
        } catch (InterruptedException e) {
            cancel(current);
            throw e;
        }
        connected = true;
        lastDingNanos = System.nanoTime();
        if (everConnected) {
            log.info("🔌 Reconnected to the Wechaty puppet service at {}", endpoint);
        } else {
            log.info("🔌 Connected to the Wechaty puppet service at {} ({}{})", endpoint,
                    PuppetChannels.describeTls(config), version().map(v -> ", puppet " + v).orElse(""));
        }
        everConnected = true;
        return current;
    }

    @Override
    public void serve(EventStream current) throws ChannelFailure, InterruptedException {
        Status end = current.awaitEnd();
        throw PuppetErrors.failure("the event stream ended: ", end, config, endpoint);
    }

    @Override
    public void ended(EventStream current) {
        connected = false;
        cancel(current);
    }

    private static void cancel(EventStream current) {
        if (current != null) {
            current.cancel("reconnecting");
        }
    }

    private void openChannel() throws EndpointDiscovery.DiscoveryException, InterruptedException {
        if (grpc != null) {
            return;
        }
        String target = config.endpoint();
        if (target.isEmpty()) {
            target = EndpointDiscovery.discover(config.authority(), config.token(), config.callTimeout(), config.proxies());
            log.info("Found the Wechaty puppet service at {} (looked up at {})", target, config.authority());
        }
        endpoint = target;
        grpc = PuppetChannels.open(config, target);
    }

    private Optional<String> version() {
        try {
            return Optional.of(blockingStub().version(VersionRequest.getDefaultInstance()).getVersion()).filter(v -> !v.isEmpty());
        } catch (StatusRuntimeException e) {
            log.debug("The service did not tell its version: {}", e.getStatus());
            return Optional.empty();
        }
    }

    /** On the shared timer: dings a quiet connection and drops one that stayed silent too long. */
    void watch() {
        EventStream current = stream;
        if (!connected || current == null || current.isEnded()) {
            return;
        }
        long quiet = current.quietNanos();
        if (quiet >= config.watchdogTimeout().toNanos()) {
            log.warn("⚠️ No word from the Wechaty puppet service at {} for {} (not even an answer to a ding); reconnecting",
                    endpoint, Durations.format(Duration.ofNanos(quiet)));
            current.cancel("watchdog: the service went silent");
            return;
        }
        long sinceDing = System.nanoTime() - lastDingNanos;
        if (quiet >= config.dingInterval().toNanos() && sinceDing >= config.dingInterval().toNanos()) {
            lastDingNanos = System.nanoTime();
            // the proof of life is the dong event that follows, not this answer
            Unary.<DingResponse>call(o -> asyncStub().ding(DingRequest.newBuilder().setData("cow").build(), o))
                    .exceptionally(t -> {
                        log.debug("Ding failed: {}", Status.fromThrowable(t));
                        return null;
                    });
        }
    }

    /** Whether the event stream is open and the puppet started. */
    boolean isConnected() {
        return connected;
    }

    /** The service's {@code host:port}, or null before it is known. */
    String endpoint() {
        return endpoint;
    }

    /** A stub with a fresh deadline, for one call; fails when the connection was never opened. */
    PuppetGrpc.PuppetStub asyncStub() {
        ManagedChannel channel = grpc;
        if (channel == null) {
            throw new IllegalStateException("not connected to the Wechaty puppet service yet");
        }
        return PuppetGrpc.newStub(channel).withDeadlineAfter(config.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A blocking stub with this deadline; for a download on a worker thread. */
    PuppetGrpc.PuppetBlockingStub blockingStub(Duration deadline) {
        ManagedChannel channel = grpc;
        if (channel == null) {
            throw new IllegalStateException("not connected to the Wechaty puppet service yet");
        }
        return PuppetGrpc.newBlockingStub(channel).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private PuppetGrpc.PuppetBlockingStub blockingStub() {
        return PuppetGrpc.newBlockingStub(grpc).withDeadlineAfter(config.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the puppet when it was started; for the bot's stop. */
    void stopPuppet(boolean wasConnected) {
        ManagedChannel channel = grpc;
        if (channel != null && wasConnected) {
            try {
                PuppetGrpc.newBlockingStub(channel).withDeadlineAfter(2, TimeUnit.SECONDS).stop(StopRequest.getDefaultInstance());
            } catch (StatusRuntimeException e) {
                log.debug("Stop on close: {}", e.getStatus());
            }
        }
    }

    /** Closes the connection, waiting up to 2 s for calls in flight. */
    void shutdown() {
        ManagedChannel channel = grpc;
        if (channel == null) {
            return;
        }
        channel.shutdown();
        try {
            if (!channel.awaitTermination(2, TimeUnit.SECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
