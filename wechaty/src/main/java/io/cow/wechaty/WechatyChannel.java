package io.cow.wechaty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.util.concurrent.MoreExecutors;
import io.cow.core.channel.Channel;
import io.cow.core.channel.ChannelEvents;
import io.cow.core.channel.LoginQrCode;
import io.cow.core.message.BotAccount;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.OutgoingMessage;
import io.cow.core.secret.Secrets;
import io.cow.wechaty.grpc.DingRequest;
import io.cow.wechaty.grpc.DingResponse;
import io.cow.wechaty.grpc.EventResponse;
import io.cow.wechaty.grpc.EventType;
import io.cow.wechaty.grpc.MessagePayloadRequest;
import io.cow.wechaty.grpc.MessagePayloadResponse;
import io.cow.wechaty.grpc.MessageSendTextRequest;
import io.cow.wechaty.grpc.MessageSendTextResponse;
import io.cow.wechaty.grpc.PuppetGrpc;
import io.cow.wechaty.grpc.StartRequest;
import io.cow.wechaty.grpc.StopRequest;
import io.cow.wechaty.grpc.VersionRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The bot on a Wechaty Puppet Service: a gRPC client that opens the service's event stream, starts the
 * puppet, turns message events into {@link IncomingMessage}s and answers with {@code MessageSendText}.
 * When the stream ends or the service goes silent it connects again, with backoff, by itself.
 */
public final class WechatyChannel implements Channel {

    public static final String TYPE = "wechaty";

    private static final Logger log = LoggerFactory.getLogger(WechatyChannel.class);
    /** The contact id of File Transfer, where the owner reads what the bot tells them. */
    static final String FILE_TRANSFER = "filehelper";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long to wait for the heartbeat a service sends when the event stream opens. */
    private static final long OPEN_WAIT_MILLIS = 5_000;
    /** Runs a call's callbacks on the thread that received the answer (gRPC knows this executor and skips a hand-off). */
    private static final Executor DIRECT = MoreExecutors.directExecutor();

    private final String name;
    private final WechatyConfig config;
    private final OrderedSender sender = new OrderedSender();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final PuppetDirectory directory;
    private final MessageTranslator translator;
    private final EventSequencer sequencer = new EventSequencer(64);
    /**
     * Runs the event stream's callbacks (and the few other asynchronous ones): one thread, as the stream's run one
     * at a time anyway and may wait for the sequencer. gRPC's default, a cached pool, grew to dozens of threads in
     * a burst. Payload and send answers need no thread of their own: they only complete a future, on the transport's
     * thread ({@link #DIRECT}).
     */
    private final ExecutorService callbacks = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "wechaty-stream");
        t.setDaemon(true);
        return t;
    });
    private volatile ManagedChannel grpc;
    private volatile String endpoint;
    private volatile ChannelEvents events;
    private volatile EventStream stream;
    private volatile boolean connected;
    private volatile BotAccount self;
    private volatile boolean announcedLogin;
    private volatile String lastQrCode;
    private volatile long lastDingNanos;
    private Thread session;
    private ScheduledExecutorService watchdog;

    public WechatyChannel(String name, WechatyConfig config, Clock clock) {
        this.name = name;
        this.config = config;
        Secrets.register(config.token());
        this.directory = new PuppetDirectory(this::blockingStub);
        this.translator = new MessageTranslator(name, directory, clock);
    }

    @Override
    public String name() {
        return name;
    }

    /** File Transfer, which every puppet knows as {@code filehelper}; contacts by name are not looked up (yet). */
    @Override
    public java.util.Optional<io.cow.core.message.Chat> ownerChat(String contact) {
        if (self == null || !contact.isBlank()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(io.cow.core.message.Chat.privateChat(FILE_TRANSFER, "File Transfer"));
    }

    @Override
    public synchronized void start(ChannelEvents events) {
        if (session != null) {
            throw new IllegalStateException("the wechaty channel is already started");
        }
        this.events = events;
        session = new Thread(this::run, "wechaty-session");
        session.setDaemon(true);
        session.start();
        long tick = Math.max(25, Math.min(config.dingInterval().toMillis(), config.watchdogTimeout().toMillis()) / 4);
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wechaty-watchdog");
            t.setDaemon(true);
            return t;
        });
        watchdog.scheduleWithFixedDelay(this::watch, tick, tick, TimeUnit.MILLISECONDS);
    }

    /** The connection loop: connect, serve events until the stream ends, wait, connect again. */
    private void run() {
        Backoff backoff = new Backoff(config.reconnectDelay(), config.reconnectMaxDelay());
        boolean everConnected = false;
        while (!isClosed()) {
            String failure;
            boolean authentication = false;
            try {
                openChannel();
                grpc.resetConnectBackoff();
                EventStream current = new EventStream(this::onEvent);
                stream = current;
                current.open(PuppetGrpc.newStub(grpc)); // no deadline: the stream lives as long as the connection
                current.awaitOpen(OPEN_WAIT_MILLIS);
                blockingStub().start(StartRequest.getDefaultInstance());
                connected = true;
                lastDingNanos = System.nanoTime();
                if (everConnected) {
                    log.info("🔌 Reconnected to the Wechaty puppet service at {}", endpoint);
                } else {
                    log.info("🔌 Connected to the Wechaty puppet service at {} ({}{})", endpoint,
                            PuppetChannels.describeTls(config), version().map(v -> ", puppet " + v).orElse(""));
                }
                everConnected = true;
                backoff.reset();
                Status end = current.awaitEnd();
                connected = false;
                if (isClosed()) {
                    break;
                }
                failure = "the event stream ended: " + PuppetErrors.describe(end, config, endpoint);
                authentication = PuppetErrors.isAuthentication(end);
            } catch (StatusRuntimeException e) {
                failure = PuppetErrors.describe(e.getStatus(), config, endpoint);
                authentication = PuppetErrors.isAuthentication(e.getStatus());
            } catch (EndpointDiscovery.DiscoveryException e) {
                failure = e.getMessage();
            } catch (InterruptedException e) {
                break;
            } finally {
                connected = false;
                EventStream current = stream;
                if (current != null) {
                    current.cancel("reconnecting");
                }
            }
            if (isClosed()) {
                break;
            }
            Duration wait = backoff.next();
            if (authentication) {
                log.error("❌ Wechaty puppet service at {}: {}; trying again in {}", endpoint, failure, seconds(wait));
            } else {
                log.warn("⚠️ Wechaty puppet service{}: {}; connecting again in {}",
                        endpoint == null ? "" : " at " + endpoint, failure, seconds(wait));
            }
            try {
                if (closed.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                break;
            }
        }
    }

    private void openChannel() throws EndpointDiscovery.DiscoveryException, InterruptedException {
        if (grpc != null) {
            return;
        }
        String target = config.endpoint();
        if (target.isEmpty()) {
            target = EndpointDiscovery.discover(config.authority(), config.token(), config.callTimeout());
            log.info("Found the Wechaty puppet service at {} (looked up at {})", target, config.authority());
        }
        endpoint = target;
        grpc = PuppetChannels.open(config, target, callbacks);
    }

    private java.util.Optional<String> version() {
        try {
            return java.util.Optional.of(blockingStub().version(VersionRequest.getDefaultInstance()).getVersion())
                    .filter(v -> !v.isEmpty());
        } catch (StatusRuntimeException e) {
            log.debug("The service did not tell its version: {}", e.getStatus());
            return java.util.Optional.empty();
        }
    }

    /** Dings a quiet connection and reconnects one that stayed silent too long. */
    private void watch() {
        EventStream current = stream;
        if (!connected || current == null || current.isEnded()) {
            return;
        }
        long quiet = current.quietNanos();
        if (quiet >= config.watchdogTimeout().toNanos()) {
            log.warn("⚠️ No word from the Wechaty puppet service at {} for {} (not even an answer to a ding); reconnecting",
                    endpoint, seconds(Duration.ofNanos(quiet)));
            current.cancel("watchdog: the service went silent");
            return;
        }
        long sinceDing = System.nanoTime() - lastDingNanos;
        if (quiet >= config.dingInterval().toNanos() && sinceDing >= config.dingInterval().toNanos()) {
            lastDingNanos = System.nanoTime();
            asyncStub().ding(DingRequest.newBuilder().setData("cow").build(), new StreamObserver<>() {
                @Override
                public void onNext(DingResponse value) {
                    // the proof of life is the dong event that follows
                }

                @Override
                public void onError(Throwable t) {
                    log.debug("Ding failed: {}", Status.fromThrowable(t));
                }

                @Override
                public void onCompleted() {
                    // nothing more to do
                }
            });
        }
    }

    /** On the stream's thread: message payloads are requested at once, everything is handled in order on the sequencer. */
    private void onEvent(EventResponse event) {
        int type = event.getTypeValue();
        if (type == EventType.EVENT_TYPE_HEARTBEAT_VALUE || type == EventType.EVENT_TYPE_DONG_VALUE) {
            log.debug("Event {} {}", event.getType(), event.getPayload());
            return;
        }
        JsonNode payload = parse(event);
        if (type == EventType.EVENT_TYPE_MESSAGE_VALUE) {
            String messageId = payload.path("messageId").asText("");
            if (messageId.isEmpty()) {
                log.warn("⚠️ Skipped a message event without a message id");
                return;
            }
            CompletableFuture<MessagePayloadResponse> fetched = fetchMessage(messageId);
            sequencer.submit("message " + messageId, () -> onMessage(messageId, fetched));
        } else {
            sequencer.submit("a " + event.getType() + " event", () -> onOtherEvent(event, payload));
        }
    }

    private void onOtherEvent(EventResponse event, JsonNode payload) {
        switch (event.getTypeValue()) {
            case EventType.EVENT_TYPE_SCAN_VALUE -> onScan(payload);
            case EventType.EVENT_TYPE_LOGIN_VALUE -> onLogin(payload.path("contactId").asText(""));
            case EventType.EVENT_TYPE_LOGOUT_VALUE -> onLogout(payload);
            case EventType.EVENT_TYPE_ERROR_VALUE -> log.warn("⚠️ The Wechaty puppet service reports an error: {}", payload.path("data").asText(payload.toString()));
            case EventType.EVENT_TYPE_ROOM_JOIN_VALUE, EventType.EVENT_TYPE_ROOM_LEAVE_VALUE, EventType.EVENT_TYPE_ROOM_TOPIC_VALUE -> directory.forgetRoom(payload.path("roomId").asText(""));
            case EventType.EVENT_TYPE_DIRTY_VALUE -> directory.forget(payload.path("payloadType").asInt(0), payload.path("payloadId").asText(""));
            case EventType.EVENT_TYPE_RESET_VALUE -> log.info("The Wechaty puppet service is resetting: {}", payload.path("data").asText(""));
            default -> log.debug("Event {} {}", event.getType(), event.getPayload());
        }
    }

    private CompletableFuture<MessagePayloadResponse> fetchMessage(String messageId) {
        CompletableFuture<MessagePayloadResponse> result = new CompletableFuture<>();
        asyncStub().withExecutor(DIRECT).messagePayload(MessagePayloadRequest.newBuilder().setId(messageId).build(), new StreamObserver<>() {
            @Override
            public void onNext(MessagePayloadResponse value) {
                result.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                result.completeExceptionally(Status.fromThrowable(t).asRuntimeException());
            }

            @Override
            public void onCompleted() {
                result.completeExceptionally(Status.INTERNAL.withDescription("no payload in the answer").asRuntimeException());
            }
        });
        return result;
    }

    private static JsonNode parse(EventResponse event) {
        if (event.getPayload().isEmpty()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(event.getPayload());
        } catch (IOException e) {
            log.warn("⚠️ Skipped a {} event whose payload is not JSON: {}", event.getType(), abbreviate(event.getPayload()));
            return JSON.createObjectNode();
        }
    }

    private void onMessage(String messageId, CompletableFuture<MessagePayloadResponse> fetched) {
        IncomingMessage message;
        try {
            message = translator.translate(fetched.join(), self);
        } catch (java.util.concurrent.CompletionException | StatusRuntimeException e) {
            Status status = Status.fromThrowable(e instanceof java.util.concurrent.CompletionException ? e.getCause() : e);
            log.warn("⚠️ Skipped message {}: the puppet service could not describe it: {}", messageId,
                    PuppetErrors.describe(status, config, endpoint));
            return;
        }
        events.onMessage(message);
    }

    private void onScan(JsonNode payload) {
        String qrCode = payload.path("qrcode").asText("");
        int status = payload.path("status").asInt(0);
        switch (status) {
            case 3 -> log.info("📱 QR code scanned; confirm the login on the phone");
            case 4 -> log.info("📱 Login confirmed on the phone");
            case 1 -> log.info("📱 The QR code scan was cancelled");
            case 5 -> log.info("📱 The QR code expired; waiting for a new one");
            default -> {
                if (!qrCode.isEmpty() && !qrCode.equals(lastQrCode)) {
                    lastQrCode = qrCode;
                    events.onLoginQrCode(new LoginQrCode(qrCode, "Scan this QR code with WeChat to log the puppet service in"));
                }
            }
        }
    }

    private void onLogin(String contactId) {
        if (contactId.isEmpty()) {
            log.warn("⚠️ The puppet service announced a login without a contact id");
            return;
        }
        BotAccount previous = self;
        if (previous != null && previous.id().equals(contactId) && announcedLogin) {
            log.debug("Still logged in as {}", previous.name());
            return;
        }
        directory.forgetContact(contactId);
        BotAccount account = new BotAccount(contactId, directory.contactName(contactId));
        self = account;
        announcedLogin = true;
        lastQrCode = null;
        events.onLogin(account);
    }

    private void onLogout(JsonNode payload) {
        announcedLogin = false;
        directory.clear();
        String reason = payload.path("data").asText("");
        events.onLogout(reason.isEmpty() ? "the puppet service logged the account out" : reason);
    }

    @Override
    public CompletableFuture<Void> send(OutgoingMessage message) {
        MessageSendTextRequest request = MessageSendTextRequest.newBuilder()
                .setConversationId(message.chat().id())
                .setText(message.text())
                .addAllMentionalIds(message.chat().isGroup() ? message.mentionIds() : java.util.List.of())
                .build();
        return sender.send(message.chat().id(), () -> sendText(request));
    }

    private CompletableFuture<Void> sendText(MessageSendTextRequest request) {
        if (isClosed()) {
            return CompletableFuture.failedFuture(new IllegalStateException("the wechaty channel is closed"));
        }
        if (grpc == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("not connected to the Wechaty puppet service yet"));
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        // waitForReady: a text queued while the bot reconnects goes out once the service is back, within the deadline.
        // The answer completes `done` on the transport's thread: what depends on it (the next text to this chat, the
        // pipeline's "replied" log line) starts a call or writes a line, nothing that waits.
        asyncStub().withWaitForReady().withExecutor(DIRECT).messageSendText(request, new StreamObserver<>() {
            @Override
            public void onNext(MessageSendTextResponse value) {
                log.debug("Sent a text to {} (id {})", request.getConversationId(), value.getId());
            }

            @Override
            public void onError(Throwable t) {
                Status status = Status.fromThrowable(t);
                done.completeExceptionally(new IllegalStateException("the Wechaty puppet service did not take the text for "
                        + request.getConversationId() + ": " + PuppetErrors.describe(status, config, endpoint)));
            }

            @Override
            public void onCompleted() {
                done.complete(null);
            }
        });
        return done;
    }

    private PuppetGrpc.PuppetBlockingStub blockingStub() {
        return PuppetGrpc.newBlockingStub(grpc).withDeadlineAfter(config.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private PuppetGrpc.PuppetStub asyncStub() {
        return PuppetGrpc.newStub(grpc).withDeadlineAfter(config.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private boolean isClosed() {
        return closed.getCount() == 0;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (isClosed()) {
                return;
            }
            closed.countDown();
        }
        if (!sender.awaitIdle(Duration.ofSeconds(2))) {
            log.warn("⚠️ Some replies were still being sent when the wechaty channel closed");
        }
        if (watchdog != null) {
            watchdog.shutdownNow();
        }
        sequencer.close();
        ManagedChannel channel = grpc;
        if (channel != null && connected) {
            try {
                PuppetGrpc.newBlockingStub(channel).withDeadlineAfter(2, TimeUnit.SECONDS).stop(StopRequest.getDefaultInstance());
            } catch (StatusRuntimeException e) {
                log.debug("Stop on close: {}", e.getStatus());
            }
        }
        EventStream current = stream;
        if (current != null) {
            current.cancel("the bot is stopping");
        }
        if (session != null) {
            session.interrupt();
        }
        if (channel != null) {
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
        callbacks.shutdown();
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms < 10_000 ? String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0) : (ms / 1000) + " s";
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
