package io.cow.wechaty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cow.core.channel.ChannelEvents;
import io.cow.core.channel.LoginQrCode;
import io.cow.core.message.BotAccount;
import io.cow.core.message.IncomingMessage;
import io.cow.wechaty.grpc.EventResponse;
import io.cow.wechaty.grpc.EventType;
import io.cow.wechaty.grpc.MessagePayloadRequest;
import io.cow.wechaty.grpc.MessagePayloadResponse;
import io.cow.wechaty.grpc.PuppetGrpc;
import io.grpc.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * What the service's events mean for the bot. Each event is parsed on the transport's thread as it arrives (a
 * message's payload is asked for at once), then handled in arrival order by the {@link EventSequencer}: messages
 * go to the bot, scans show the QR code, logins and logouts are reported.
 */
final class PuppetEvents {

    private static final Logger log = LoggerFactory.getLogger(PuppetEvents.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CompletableFuture<Void> HANDLED = CompletableFuture.completedFuture(null);

    private final WechatyConfig config;
    private final Supplier<PuppetGrpc.PuppetStub> stub;
    private final Supplier<String> endpoint;
    private final PuppetDirectory directory;
    private final MessageTranslator translator;
    private final EventSequencer sequencer = new EventSequencer();
    private volatile ChannelEvents events;
    private volatile BotAccount self;
    private volatile boolean announcedLogin;
    private volatile String lastQrCode;
    private volatile boolean ownerLoggedOut;

    /** @param stub an asynchronous stub with a fresh deadline for each call */
    PuppetEvents(String channelName, WechatyConfig config, Supplier<PuppetGrpc.PuppetStub> stub, Supplier<String> endpoint, Clock clock) {
        this.config = config;
        this.stub = stub;
        this.endpoint = endpoint;
        this.directory = new PuppetDirectory(stub);
        this.translator = new MessageTranslator(channelName, directory, clock);
    }

    void deliverTo(ChannelEvents events) {
        this.events = events;
    }

    /** Whether the service has announced a login (and no logout since). */
    boolean loggedIn() {
        return self != null && announcedLogin;
    }

    /**
     * The owner asked the service to log out (true), or the service refused (false): the next logout event says the
     * owner asked instead of the service's own words.
     */
    void ownerLogsOut(boolean asked) {
        ownerLoggedOut = asked;
    }

    /** The id of a contact the bot has seen whose remark name or name is this. */
    java.util.Optional<String> knownContactNamed(String name) {
        return directory.knownContactNamed(name);
    }

    /** On the transport's thread; the future completes when the event is handled. */
    CompletableFuture<?> onEvent(EventResponse event) {
        int type = event.getTypeValue();
        if (type == EventType.EVENT_TYPE_HEARTBEAT_VALUE || type == EventType.EVENT_TYPE_DONG_VALUE) {
            log.debug("Event {} {}", event.getType(), event.getPayload());
            return HANDLED;
        }
        JsonNode payload = parse(event);
        if (type != EventType.EVENT_TYPE_MESSAGE_VALUE) {
            return sequencer.then("a " + event.getType() + " event", () -> onOtherEvent(event, payload));
        }
        String messageId = payload.path("messageId").asText("");
        if (messageId.isEmpty()) {
            log.warn("⚠️ Skipped a message event without a message id");
            return HANDLED;
        }
        CompletableFuture<MessagePayloadResponse> fetched = Unary.call(o ->
                stub.get().messagePayload(MessagePayloadRequest.newBuilder().setId(messageId).build(), o));
        return sequencer.then("message " + messageId, () -> fetched.thenCompose(p -> translator.translate(p, self))
                .handle((message, error) -> {
                    deliver(messageId, message, error);
                    return null;
                }));
    }

    private void deliver(String messageId, IncomingMessage message, Throwable error) {
        if (error != null) {
            log.warn("⚠️ Skipped message {}: the puppet service could not describe it: {}", messageId,
                    PuppetErrors.describe(Status.fromThrowable(error), config, endpoint.get()));
            return;
        }
        events.onMessage(message);
    }

    private CompletableFuture<?> onOtherEvent(EventResponse event, JsonNode payload) {
        switch (event.getTypeValue()) {
            case EventType.EVENT_TYPE_SCAN_VALUE -> onScan(payload);
            case EventType.EVENT_TYPE_LOGIN_VALUE -> {
                return onLogin(payload.path("contactId").asText(""));
            }
            case EventType.EVENT_TYPE_LOGOUT_VALUE -> onLogout(payload);
            case EventType.EVENT_TYPE_ERROR_VALUE -> log.warn("⚠️ The Wechaty puppet service reports an error: {}",
                    payload.path("data").asText(payload.toString()));
            case EventType.EVENT_TYPE_ROOM_JOIN_VALUE, EventType.EVENT_TYPE_ROOM_LEAVE_VALUE, EventType.EVENT_TYPE_ROOM_TOPIC_VALUE ->
                    directory.forgetRoom(payload.path("roomId").asText(""));
            case EventType.EVENT_TYPE_DIRTY_VALUE -> directory.forget(payload.path("payloadType").asInt(0), payload.path("payloadId").asText(""));
            case EventType.EVENT_TYPE_RESET_VALUE -> log.info("The Wechaty puppet service is resetting: {}", payload.path("data").asText(""));
            default -> log.debug("Event {} {}", event.getType(), event.getPayload());
        }
        return HANDLED;
    }

    private static JsonNode parse(EventResponse event) {
        if (event.getPayload().isEmpty()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(event.getPayload());
        } catch (IOException e) {
            String text = event.getPayload();
            log.warn("⚠️ Skipped a {} event whose payload is not JSON: {}", event.getType(),
                    text.length() > 200 ? text.substring(0, 200) + "…" : text);
            return JSON.createObjectNode();
        }
    }

    private void onScan(JsonNode payload) {
        String qrCode = payload.path("qrcode").asText("");
        switch (payload.path("status").asInt(0)) {
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

    private CompletableFuture<?> onLogin(String contactId) {
        if (contactId.isEmpty()) {
            log.warn("⚠️ The puppet service announced a login without a contact id");
            return HANDLED;
        }
        BotAccount previous = self;
        if (previous != null && previous.id().equals(contactId) && announcedLogin) {
            log.debug("Still logged in as {}", previous.name());
            return HANDLED;
        }
        directory.forgetContact(contactId);
        return directory.contactName(contactId).thenAccept(name -> {
            BotAccount account = new BotAccount(contactId, name);
            self = account;
            announcedLogin = true;
            lastQrCode = null;
            events.onLogin(account);
        });
    }

    private void onLogout(JsonNode payload) {
        announcedLogin = false;
        directory.clear();
        String reason = payload.path("data").asText("");
        if (ownerLoggedOut) {
            ownerLoggedOut = false;
            reason = "Logged out, as the owner asked in the console; the puppet service shows the next QR code";
        }
        events.onLogout(reason.isEmpty() ? "the puppet service logged the account out" : reason);
    }
}
