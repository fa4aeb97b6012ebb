package io.cow.wechaty;

import io.cow.core.channel.Channel;
import io.cow.core.channel.ChannelEvents;
import io.cow.core.channel.kit.Backoff;
import io.cow.core.channel.kit.Pacing;
import io.cow.core.channel.kit.PartSource;
import io.cow.core.channel.kit.PartSources;
import io.cow.core.channel.kit.SendQueue;
import io.cow.core.channel.kit.SessionLoop;
import io.cow.core.channel.kit.SharedTimer;
import io.cow.core.message.Attachment;
import io.cow.core.message.Chat;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.OutgoingFile;
import io.cow.core.message.OutgoingImage;
import io.cow.core.message.OutgoingMessage;
import io.cow.core.secret.Secrets;
import io.cow.wechaty.grpc.LogoutRequest;
import io.cow.wechaty.grpc.LogoutResponse;
import io.cow.wechaty.grpc.MessageFileRequest;
import io.cow.wechaty.grpc.MessageSendFileRequest;
import io.cow.wechaty.grpc.MessageSendFileResponse;
import io.cow.wechaty.grpc.MessageSendTextRequest;
import io.cow.wechaty.grpc.MessageSendTextResponse;
import io.cow.wechaty.grpc.PuppetGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;

/**
 * The bot on a Wechaty Puppet Service: a gRPC client that opens the service's event stream, starts the
 * puppet, turns message events into {@link IncomingMessage}s and answers with {@code MessageSendText}.
 * When the stream ends or the service goes silent it connects again, with backoff, by itself. A message passes
 * through no thread of the channel's own: events are parsed and handed to the bot on the transport's thread, and
 * replies are sent from the thread that queued them.
 */
public final class WechatyChannel implements Channel {

    public static final String TYPE = "wechaty";

    private static final Logger log = LoggerFactory.getLogger(WechatyChannel.class);
    /** The contact id of File Transfer, where the owner reads what the bot tells them. */
    static final String FILE_TRANSFER = "filehelper";

    private final String name;
    private final WechatyConfig config;
    private final PuppetConnection connection;
    private final PuppetEvents puppetEvents;
    private final PartSource<OutgoingMessage> parts;
    private final SendQueue<OutgoingMessage> outbox;
    private SessionLoop<EventStream> loop;
    /** For file boxes that are URLs. */
    private final HttpClient downloads = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private ScheduledFuture<?> watchdog;

    public WechatyChannel(String name, WechatyConfig config, Clock clock) {
        this(name, config, clock, PartSources.IN_MEMORY);
    }

    /** @param outbox where queued replies wait; the puppet protocol has no client id, so a resend is never safe */
    public WechatyChannel(String name, WechatyConfig config, Clock clock, PartSources outbox) {
        this(name, config, clock, outbox, java.util.function.UnaryOperator.identity());
    }

    /** @param governor puts the account-safety governor in front of the account's sends */
    public WechatyChannel(String name, WechatyConfig config, Clock clock, PartSources outbox,
                          java.util.function.UnaryOperator<Pacing> governor) {
        this.name = name;
        this.config = config;
        this.parts = outbox.open(PartSources.Codec.texts(m -> m.chat().key()), false);
        this.outbox = new SendQueue<>((lane, message) -> sendText(message), governor.apply(Pacing.NONE), parts);
        Secrets.register(config.token());
        // Each needs the other: the events ask the connection for stubs (by the time events flow, it exists).
        this.puppetEvents = new PuppetEvents(name, config, this::stub, this::endpoint, clock);
        this.connection = new PuppetConnection(config, puppetEvents::onEvent);
    }

    @Override
    public String name() {
        return name;
    }

    private PuppetGrpc.PuppetStub stub() {
        return connection.asyncStub();
    }

    private String endpoint() {
        return connection.endpoint();
    }

    /**
     * File Transfer, which every puppet knows as {@code filehelper}; or a contact by remark name or nickname, among
     * those the bot has seen (asking the service for the whole address book would cost a call per contact).
     */
    @Override
    public Optional<Chat> ownerChat(String contact) {
        if (!puppetEvents.loggedIn()) {
            return Optional.empty();
        }
        if (contact.isBlank()) {
            return Optional.of(Chat.privateChat(FILE_TRANSFER, "File Transfer"));
        }
        return puppetEvents.knownContactNamed(contact).map(id -> Chat.privateChat(id, contact));
    }

    @Override
    public synchronized void start(ChannelEvents events) {
        if (loop != null) {
            throw new IllegalStateException("the wechaty channel is already started");
        }
        puppetEvents.deliverTo(events);
        loop = new SessionLoop<>("wechaty-session", connection,
                Backoff.withJitter(config.reconnectDelay(), config.reconnectMaxDelay()), SessionLoop.OnRefusal.RETRY, events);
        loop.start();
        outbox.resume();
        long tick = Math.max(25, Math.min(config.dingInterval().toMillis(), config.watchdogTimeout().toMillis()) / 4);
        watchdog = SharedTimer.every(Duration.ofMillis(tick), connection::watch);
    }

    @Override
    public CompletableFuture<Void> send(OutgoingMessage message) {
        return outbox.submit(message.chat().key(), message);
    }

    @Override
    public boolean canSendImages() {
        return true;
    }

    @Override
    public CompletableFuture<Void> sendImage(OutgoingImage image) {
        return sendFileBox(image.chat(), FileBoxes.inline(image.data(), image.fileName(), image.mediaType()), "picture");
    }

    @Override
    public boolean canSendFiles() {
        return true;
    }

    @Override
    public CompletableFuture<Void> sendFile(OutgoingFile file) {
        return sendFileBox(file.chat(), FileBoxes.inline(file.data(), file.fileName(), file.mediaType()), "file");
    }

    /** Sends a picture or a file ({@code MessageSendFile} with the bytes inline in the file box). */
    private CompletableFuture<Void> sendFileBox(Chat chat, String fileBox, String what) {
        MessageSendFileRequest request = MessageSendFileRequest.newBuilder().setConversationId(chat.id()).setFileBox(fileBox).build();
        return Unary.<MessageSendFileResponse>call(o -> stub().withWaitForReady().messageSendFile(request, o))
                .handle((sent, error) -> {
                    if (error != null) {
                        throw new CompletionException(new IllegalStateException("the Wechaty puppet service did not take the "
                                + what + " for " + chat.id() + ": " + PuppetErrors.describe(Status.fromThrowable(error), config, endpoint())));
                    }
                    log.debug("Sent a {} to {} (id {})", what, chat.id(), sent.getId());
                    return null;
                });
    }

    /** Asks the service for the message's file box ({@code MessageFile}) and opens it. */
    @Override
    public InputStream openAttachment(IncomingMessage message, Attachment attachment) throws IOException, InterruptedException {
        PuppetGrpc.PuppetBlockingStub blocking = connection.blockingStub(config.callTimeout().multipliedBy(4));
        String fileBox;
        try {
            fileBox = blocking.messageFile(MessageFileRequest.newBuilder().setId(attachment.ref()).build()).getFileBox();
        } catch (StatusRuntimeException e) {
            throw new IOException("the puppet service gave no file for message " + attachment.ref() + ": "
                    + PuppetErrors.describe(e.getStatus(), config, endpoint()), e);
        }
        return FileBoxes.open(fileBox, blocking, downloads, config.callTimeout().multipliedBy(4));
    }

    /** Sends one text; the answer completes the future on the transport's thread. */
    private CompletableFuture<Void> sendText(OutgoingMessage message) {
        MessageSendTextRequest request = MessageSendTextRequest.newBuilder()
                .setConversationId(message.chat().id())
                .setText(message.text())
                .addAllMentionalIds(message.chat().isGroup() ? message.mentionIds() : List.of())
                .build();
        parts.sending(message);
        // waitForReady: a text queued while the bot reconnects goes out once the service is back, within the deadline.
        return Unary.<MessageSendTextResponse>call(o -> stub().withWaitForReady().messageSendText(request, o))
                .handle((sent, error) -> {
                    if (error != null) {
                        throw new CompletionException(new IllegalStateException("the Wechaty puppet service did not take the text for "
                                + request.getConversationId() + ": "
                                + PuppetErrors.describe(Status.fromThrowable(error), config, endpoint())));
                    }
                    log.debug("Sent a text to {} (id {})", request.getConversationId(), sent.getId());
                    return null;
                });
    }

    /**
     * Asks the puppet service to log the account out ({@code Logout}); the service reports it as a logout event and
     * shows the next QR code by itself (so there is no "new QR now" here).
     */
    @Override
    public void logOut() {
        if (!puppetEvents.loggedIn()) {
            throw new IllegalStateException("the account is not logged in");
        }
        puppetEvents.ownerLogsOut(true);
        log.info("🚪 Asking the Wechaty puppet service at {} to log the account out, as the owner asked", endpoint());
        Unary.<LogoutResponse>call(o -> stub().logout(LogoutRequest.getDefaultInstance(), o))
                .whenComplete((ok, error) -> {
                    if (error != null) {
                        puppetEvents.ownerLogsOut(false);
                        log.warn("⚠️ The Wechaty puppet service did not log out: {}",
                                PuppetErrors.describe(Status.fromThrowable(error), config, endpoint()));
                    }
                });
    }

    @Override
    public void close() {
        SessionLoop<EventStream> running;
        synchronized (this) {
            running = loop;
            if (running == null || running.isClosed()) {
                return;
            }
        }
        if (!outbox.close(Duration.ofSeconds(2))) {
            log.warn("⚠️ Some replies were still being sent when the wechaty channel closed");
        }
        if (watchdog != null) {
            watchdog.cancel(false);
        }
        boolean wasConnected = connection.isConnected();
        running.close();
        connection.stopPuppet(wasConnected);
        connection.shutdown();
    }
}
