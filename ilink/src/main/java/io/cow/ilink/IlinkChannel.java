package io.cow.ilink;

import io.cow.core.channel.Channel;
import io.cow.core.channel.ChannelEvents;
import io.cow.core.channel.kit.Backoff;
import io.cow.core.channel.kit.DaemonThreads;
import io.cow.core.channel.kit.Pacing;
import io.cow.core.channel.kit.PartSource;
import io.cow.core.channel.kit.PartSources;
import io.cow.core.channel.kit.SendQueue;
import io.cow.core.channel.kit.SessionLoop;
import io.cow.core.message.Attachment;
import io.cow.core.message.Chat;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.OutgoingImage;
import io.cow.core.message.OutgoingMessage;
import io.cow.core.reply.ReplyLimits;
import io.cow.core.store.ChannelStateStore;
import io.cow.ilink.api.Account;
import io.cow.ilink.api.ClientIdentity;
import io.cow.ilink.api.IlinkApi;
import io.cow.ilink.api.IlinkErrorException;
import io.cow.ilink.api.IlinkHttp;
import io.cow.ilink.login.VerifyCodeSource;
import io.cow.ilink.inbound.MediaRef;
import io.cow.ilink.media.AesEcb;
import io.cow.ilink.media.CdnClient;
import io.cow.ilink.media.MediaKeys;
import io.cow.ilink.media.MediaUploader;
import io.cow.ilink.outbound.MessageSender;
import io.cow.ilink.outbound.Typing;
import io.cow.ilink.state.IlinkState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The official iLink ("WeChat ClawBot") channel: private chats through Tencent's bot API. The kit's session loop
 * logs in (stored account, else a QR login) and long-polls {@code getupdates} ({@link IlinkSession}); replies go
 * out per user in order, paced, from a small pool. A {@code -14} answer ends the session and starts a new QR login.
 */
public final class IlinkChannel implements Channel {

    private static final Logger log = LoggerFactory.getLogger(IlinkChannel.class);

    public static final String TYPE = "ilink";
    /** The server accepts at most this many bot messages per inbound message. */
    public static final int MAX_REPLIES_PER_MESSAGE = 10;
    private static final Duration DRAIN_ON_CLOSE = Duration.ofSeconds(10);

    /** One part of the replies to a user: a text, or an image (encrypted and uploaded before it is sent). */
    /** A text (kept in the outbox) or an image (in memory only). */
    private record Part(OutgoingMessage text, byte[] image) {
    }

    /** Texts are kept in the durable outbox, images are not; a chat's lane is its user id. */
    private static final PartSources.Codec<Part> PARTS = new PartSources.Codec<>() {
        @Override
        public Optional<OutgoingMessage> message(Part part) {
            return Optional.ofNullable(part.text());
        }

        @Override
        public Part part(OutgoingMessage message) {
            return new Part(message, null);
        }

        @Override
        public String lane(OutgoingMessage message) {
            return message.chat().id();
        }
    };

    private final String name;
    private final IlinkConfig config;
    private final IlinkState state;
    private final IlinkApi api;
    private final VerifyCodeSource verifyCodes;
    private final Clock clock;
    /** Sends and uploads: blocking HTTP calls, a few users at a time. */
    private final ExecutorService workers = pool("ilink-worker", 4);
    private final ExecutorService typingCalls = pool("ilink-typing", 2);
    private final SendQueue<Part> outbox;
    private final MessageSender sender;
    private final Typing typing;
    private final CdnClient cdn;
    private final MediaUploader uploader;
    private volatile Account account;
    private SessionLoop<Account> loop;

    public IlinkChannel(String name, IlinkConfig config, Path dataDir, ChannelStateStore store, Clock clock, VerifyCodeSource verifyCodes) {
        this(name, config, dataDir, store, clock, verifyCodes, PartSources.IN_MEMORY);
    }

    /**
     * @param outbox where queued replies wait. iLink dedupes on {@code client_id}, so a text whose send may have begun
     *               before a stop is sent again after it, under the same id
     */
    public IlinkChannel(String name, IlinkConfig config, Path dataDir, ChannelStateStore store, Clock clock, VerifyCodeSource verifyCodes,
                        PartSources outbox) {
        this.name = name;
        this.config = config;
        this.clock = clock;
        this.verifyCodes = verifyCodes;
        this.state = new IlinkState(store, name);
        HttpClient http = config.proxies().applyTo(HttpClient.newBuilder()).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        this.api = new IlinkApi(new IlinkHttp(http, ClientIdentity.of(config.clientVersion(), config.routeTag())), config.requestTimeout());
        this.sender = new MessageSender(api, state, config, workers);
        this.typing = new Typing(api, state, () -> account, typingCalls, config.typingInterval());
        this.cdn = new CdnClient(http, config.cdnBaseUrl(), config.requestTimeout().plusSeconds(60));
        this.uploader = new MediaUploader(api, cdn);
        PartSource<Part> parts = outbox.open(PARTS, true);
        this.outbox = new SendQueue<>((user, part) -> sender.send(() -> account, user,
                part.text() == null ? OutgoingMessage.newClientId() : part.text().clientId(), () -> parts.sending(part),
                a -> part.image() == null
                        ? MessageSender.textItem(part.text().text())
                        : uploader.upload(a, user, MediaUploader.IMAGE, part.image()).imageItem()).thenApply(id -> null),
                Pacing.perChat(config.sendInterval()), parts);
    }

    private static ExecutorService pool(String name, int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                DaemonThreads.pool(name));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    @Override
    public String name() {
        return name;
    }

    /** The user who confirmed the login: iLink reaches no one else unprompted (and them only once they wrote). */
    @Override
    public Optional<Chat> ownerChat(String contact) {
        Account current = account;
        return current == null ? Optional.empty() : Optional.of(Chat.privateChat(current.userId(), current.userId()));
    }

    @Override
    public Optional<ReplyLimits> replyLimits() {
        return Optional.of(new ReplyLimits(config.chunkSize(), MAX_REPLIES_PER_MESSAGE));
    }

    @Override
    public synchronized void start(ChannelEvents events) {
        if (loop != null) {
            throw new IllegalStateException("the iLink channel was already started");
        }
        IlinkSession session = new IlinkSession(name, config, api, state, verifyCodes, clock, events, this::sendAs,
                this::closing);
        loop = new SessionLoop<>("ilink-session", session, new Backoff(config.pollRetryDelay(), config.pollBackoff()),
                SessionLoop.OnRefusal.STOP, events);
        loop.start();
    }

    private synchronized boolean closing() {
        return loop == null || loop.isClosed();
    }

    /** The account the session logged in as (null when it expired): replies go out as this account. */
    private void sendAs(Account current) {
        account = current;
        if (current != null) {
            typing.reset();
            notifyServer(current, true);
            // Texts queued before the restart, or while logged out, go out now, each under its own client_id.
            outbox.resume();
        }
    }

    /** The account the channel is logged in as, if it is. */
    public Optional<Account> account() {
        return Optional.ofNullable(account);
    }

    /**
     * Downloads a received image, file, voice note or video from the CDN and decrypts it (AES-128-ECB needs the
     * whole cipher text, so this one is in memory, at most the CDN client's cap).
     */
    @Override
    public InputStream openAttachment(IncomingMessage message, Attachment attachment) throws IOException, InterruptedException {
        if (attachment.ref().isEmpty()) {
            throw new IOException("iLink sent this " + attachment.kind().name().toLowerCase(java.util.Locale.ROOT) + " without its media");
        }
        MediaRef media = MediaRef.fromText(attachment.ref());
        try {
            return new ByteArrayInputStream(AesEcb.decrypt(MediaKeys.keyOf(media), cdn.download(media)));
        } catch (IllegalArgumentException e) {
            throw new IOException("could not decrypt it: " + e.getMessage(), e);
        }
    }

    @Override
    public CompletableFuture<Void> send(OutgoingMessage message) {
        if (message.chat().isGroup()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("iLink reaches private chats only, not " + message.chat().title()));
        }
        return outbox.submit(message.chat().id(), new Part(message, null));
    }

    @Override
    public boolean canSendImages() {
        return true;
    }

    /**
     * Sends an image to a private chat: encrypted, uploaded to the CDN, then sent as one message, in order
     * with the texts to that chat.
     */
    @Override
    public CompletableFuture<Void> sendImage(OutgoingImage image) {
        return sendImage(image.chat(), image.data());
    }

    /** Sends an image to a private chat (see {@link #sendImage(OutgoingImage)}). */
    public CompletableFuture<Void> sendImage(Chat chat, byte[] image) {
        if (chat.isGroup()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("iLink reaches private chats only, not " + chat.title()));
        }
        byte[] copy = image.clone();
        return outbox.submit(chat.id(), new Part(null, copy))
                .thenRun(() -> log.info("🖼 Sent an image of {} bytes to {}", copy.length, chat.id()));
    }

    @Override
    public void answerStarted(IncomingMessage message) {
        if (config.typing() && name.equals(message.channel()) && !message.isGroup()) {
            typing.start(message.chat().id());
        }
    }

    @Override
    public void answerFinished(IncomingMessage message) {
        if (config.typing() && name.equals(message.channel()) && !message.isGroup()) {
            String user = message.chat().id();
            outbox.whenDone(user).thenRunAsync(() -> typing.stop(user), typingCalls);
        }
    }

    private void notifyServer(Account current, boolean start) {
        try {
            api.notify(current, start);
        } catch (IOException | IlinkErrorException e) {
            log.debug("notify{} failed (ignored): {}", start ? "start" : "stop", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void requestNewQr() {
        runningLoop().requestNewQr();
    }

    @Override
    public void logOut() {
        runningLoop().logOut();
    }

    private synchronized SessionLoop<Account> runningLoop() {
        if (loop == null) {
            throw new IllegalStateException("the iLink channel " + name + " has not started");
        }
        return loop;
    }

    @Override
    public void close() {
        SessionLoop<Account> running;
        synchronized (this) {
            running = loop;
        }
        if (running != null) {
            running.close();
        }
        if (!outbox.close(DRAIN_ON_CLOSE)) {
            log.warn("⚠️ Some iLink messages were still being sent when the channel closed");
        }
        workers.shutdownNow();
        typingCalls.shutdownNow();
        Account current = account;
        if (current != null) {
            notifyServer(current, false);
        }
        account = null;
    }
}
