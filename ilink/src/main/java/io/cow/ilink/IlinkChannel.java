package io.cow.ilink;

import com.fasterxml.jackson.databind.JsonNode;
import io.cow.core.channel.Channel;
import io.cow.core.channel.ChannelEvents;
import io.cow.core.message.BotAccount;
import io.cow.core.message.Chat;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.MessageKind;
import io.cow.core.message.OutgoingImage;
import io.cow.core.message.OutgoingMessage;
import io.cow.core.message.Sender;
import io.cow.core.reply.ReplyLimits;
import io.cow.core.store.ChannelStateStore;
import io.cow.ilink.api.Account;
import io.cow.ilink.api.ClientIdentity;
import io.cow.ilink.api.IlinkApi;
import io.cow.ilink.api.IlinkErrorException;
import io.cow.ilink.api.IlinkHttp;
import io.cow.ilink.api.SessionExpiredException;
import io.cow.ilink.api.Updates;
import io.cow.ilink.inbound.Deduper;
import io.cow.ilink.inbound.InboundItem;
import io.cow.ilink.inbound.InboundMessage;
import io.cow.ilink.inbound.InboundParser;
import io.cow.ilink.login.LoginResult;
import io.cow.ilink.login.QrLogin;
import io.cow.ilink.login.VerifyCodeSource;
import io.cow.ilink.media.CdnClient;
import io.cow.ilink.media.InboundMedia;
import io.cow.ilink.media.MediaUploader;
import io.cow.ilink.outbound.MessageSender;
import io.cow.ilink.outbound.SendQueue;
import io.cow.ilink.outbound.Typing;
import io.cow.ilink.state.IlinkState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The official iLink ("WeChat ClawBot") channel: private chats through Tencent's bot API. One session
 * thread logs in (stored account, else a QR login) and long-polls {@code getupdates}; replies go out per
 * user in order on a small worker pool. A {@code -14} answer ends the session and starts a new QR login.
 */
public final class IlinkChannel implements Channel {

    private static final Logger log = LoggerFactory.getLogger(IlinkChannel.class);

    public static final String TYPE = "ilink";
    /** The server accepts at most this many bot messages per inbound message. */
    public static final int MAX_REPLIES_PER_MESSAGE = 10;
    private static final int FAILURES_BEFORE_BACKOFF = 3;

    private final String name;
    private final IlinkConfig config;
    private final IlinkState state;
    private final IlinkApi api;
    private final VerifyCodeSource verifyCodes;
    private final Clock clock;
    private final ScheduledExecutorService workers;
    private final ExecutorService mediaWorkers;
    private final ScheduledExecutorService typingWorkers;
    private final SendQueue queue;
    private final MessageSender sender;
    private final Typing typing;
    private final InboundMedia inboundMedia;
    private final MediaUploader uploader;
    private final Deduper deduper = new Deduper(20_000);
    private volatile Account account;
    private volatile ChannelEvents events;
    private volatile boolean running;
    private volatile Thread session;

    public IlinkChannel(String name, IlinkConfig config, Path dataDir, ChannelStateStore store, Clock clock, VerifyCodeSource verifyCodes) {
        this.name = name;
        this.config = config;
        this.clock = clock;
        this.verifyCodes = verifyCodes;
        this.state = new IlinkState(store, name);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        this.api = new IlinkApi(new IlinkHttp(http, ClientIdentity.of(config.clientVersion(), config.routeTag())), config.requestTimeout());
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(4, daemon("ilink-worker"));
        pool.setRemoveOnCancelPolicy(true);
        this.workers = pool;
        this.mediaWorkers = Executors.newSingleThreadExecutor(daemon("ilink-media"));
        ScheduledThreadPoolExecutor typingPool = new ScheduledThreadPoolExecutor(2, daemon("ilink-typing"));
        typingPool.setRemoveOnCancelPolicy(true);
        this.typingWorkers = typingPool;
        this.queue = new SendQueue(workers);
        this.sender = new MessageSender(api, state, config, workers, clock);
        this.typing = new Typing(api, state, () -> account, typingWorkers, config.typingInterval());
        CdnClient cdn = new CdnClient(http, config.cdnBaseUrl(), config.requestTimeout().plusSeconds(60));
        this.inboundMedia = new InboundMedia(cdn, dataDir.resolve("media").resolve(name), mediaWorkers);
        this.uploader = new MediaUploader(api, cdn);
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
    public void start(ChannelEvents events) {
        if (session != null) {
            throw new IllegalStateException("the iLink channel was already started");
        }
        this.events = events;
        this.running = true;
        Thread t = new Thread(this::runSession, "ilink-session");
        t.setDaemon(true);
        session = t;
        t.start();
    }

    /** The account the channel is logged in as, if it is. */
    public Optional<Account> account() {
        return Optional.ofNullable(account);
    }

    /** Where inbound images and files are kept. */
    public Path mediaFolder() {
        return inboundMedia.folder();
    }

    private void runSession() {
        Instant lastLogin = null;
        try {
            while (running) {
                Account current = storedAccount();
                if (current != null) {
                    log.info("🔑 Resuming the iLink session of bot {} (no scan needed)", current.botId());
                } else {
                    lastLogin = waitForLoginSlot(lastLogin);
                    current = login();
                    if (current == null) {
                        continue;
                    }
                }
                runLoggedIn(current);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("❌ The iLink channel stopped because of an unexpected error; restart the bot", e);
            events.onLogout("iLink channel failed: " + e);
        }
    }

    private Account storedAccount() {
        Account stored = state.account().orElse(null);
        if (stored != null && !stored.loginBaseUrl().equals(config.baseUrl())) {
            log.info("The stored iLink login was made through {}, not the configured {}; a new QR login is needed",
                    stored.loginBaseUrl(), config.baseUrl());
            state.endSession();
            return null;
        }
        return stored;
    }

    /** QR logins are rate-limited: the next starts no earlier than {@code reloginInterval} after the last. */
    private Instant waitForLoginSlot(Instant lastLogin) throws InterruptedException {
        if (lastLogin != null) {
            Instant next = lastLogin.plus(config.reloginInterval());
            long waitMs = Duration.between(clock.instant(), next).toMillis();
            if (waitMs > 0) {
                log.info("⏳ Next iLink QR login in {} s", (waitMs + 999) / 1000);
                Thread.sleep(waitMs);
            }
        }
        return clock.instant();
    }

    /** One QR login; the new account, or null when it failed. */
    private Account login() throws InterruptedException {
        List<String> tokens = state.recentAccounts().stream().map(Account::token).toList();
        LoginResult result = new QrLogin(api, config, events::onLoginQrCode, verifyCodes, clock).run(tokens);
        if (result instanceof LoginResult.Confirmed confirmed) {
            Account fresh = confirmed.account();
            state.saveAccount(fresh);
            state.saveCursor("");
            log.info("✅ iLink login confirmed by {}: bot {}", fresh.userId(), fresh.botId());
            return fresh;
        }
        if (result instanceof LoginResult.AlreadyBound) {
            List<Account> recent = state.recentAccounts();
            if (recent.isEmpty()) {
                log.warn("⚠️ iLink says this WeChat is already bound to this bot, but no earlier login is stored; "
                        + "remove the bot in WeChat (ClawBot) and scan again");
                return null;
            }
            Account earlier = recent.get(0);
            state.saveAccount(earlier);
            log.info("✅ iLink says {} is already bound to this bot: keeping the earlier login of bot {}", earlier.userId(), earlier.botId());
            return earlier;
        }
        LoginResult.Failed failed = (LoginResult.Failed) result;
        log.warn("⚠️ iLink login failed: {}; the next attempt starts in at most {} s", failed.reason(), config.reloginInterval().toSeconds());
        return null;
    }

    private void runLoggedIn(Account current) throws InterruptedException {
        account = current;
        typing.reset();
        events.onLogin(new BotAccount(current.botId(), current.botId()));
        notifyServer(current, true);
        poll(current);
        if (!running) {
            return;
        }
        account = null;
        state.endSession();
        log.error("❗ iLink session expired (-14 \"session timeout\"): the login of bot {} is no longer valid, "
                + "usually because the same WeChat scanned the bot in another client. A new QR scan is needed; starting a new login.",
                current.botId());
        events.onLogout("iLink session expired (-14); a new QR scan is needed");
    }

    /** Long-polls until the session expires or the channel closes. */
    private void poll(Account current) throws InterruptedException {
        int failures = 0;
        Duration timeout = config.pollTimeout();
        while (running) {
            Updates updates;
            try {
                updates = api.getUpdates(current, state.cursor(), timeout);
                failures = 0;
            } catch (SessionExpiredException e) {
                return;
            } catch (HttpTimeoutException e) {
                log.debug("getupdates timed out after {} ms; polling again", timeout.toMillis());
                continue;
            } catch (IOException | IlinkErrorException e) {
                failures++;
                Duration wait = failures >= FAILURES_BEFORE_BACKOFF ? config.pollBackoff() : config.pollRetryDelay();
                if (failures >= FAILURES_BEFORE_BACKOFF) {
                    failures = 0;
                }
                log.warn("⚠️ iLink getupdates failed ({}); retrying in {} ms", e.getMessage(), wait.toMillis());
                Thread.sleep(wait.toMillis());
                continue;
            }
            accept(current, updates.messages());
            if (!updates.cursor().isEmpty()) {
                state.saveCursor(updates.cursor());
            }
            if (updates.nextHoldHint().toMillis() > 0) {
                Duration hinted = updates.nextHoldHint().plusSeconds(5);
                timeout = hinted.compareTo(config.pollTimeout()) > 0 ? hinted : config.pollTimeout();
            }
        }
    }

    /**
     * Takes in one batch: the context tokens of all its messages are saved first, so that no reply to an
     * early message of the batch goes out with a token the batch already replaced.
     */
    private void accept(Account current, List<JsonNode> batch) {
        List<InboundMessage> fresh = new ArrayList<>();
        for (JsonNode raw : batch) {
            InboundMessage message;
            try {
                message = InboundParser.parse(raw);
            } catch (IllegalArgumentException e) {
                log.warn("⚠️ Skipped a malformed iLink message: {}", e.getMessage());
                continue;
            }
            if (message.messageType() != InboundMessage.FROM_USER || message.fromUser().equals(current.botId())) {
                log.debug("Skipped iLink message {}: not from a user", message.stableId());
            } else if (deduper.seenBefore(message)) {
                log.debug("Skipped iLink message {}: delivered twice", message.stableId());
            } else {
                fresh.add(message);
            }
        }
        fresh.forEach(m -> state.saveContextToken(current.botId(), m.fromUser(), m.contextToken()));
        for (InboundMessage message : fresh) {
            if (message.items().stream().anyMatch(i -> i.media() != null && i.type() != InboundItem.VOICE)) {
                inboundMedia.keep(message);
            }
            events.onMessage(toIncoming(current, message));
        }
    }

    private IncomingMessage toIncoming(Account current, InboundMessage message) {
        StringBuilder text = new StringBuilder();
        MessageKind kind = null;
        for (InboundItem item : message.items()) {
            boolean textual = item.type() == InboundItem.TEXT || item.type() == InboundItem.VOICE;
            if (textual && !item.text().isBlank()) {
                if (!text.isEmpty()) {
                    text.append('\n');
                }
                text.append(item.text());
                kind = MessageKind.TEXT;
            } else if (kind == null) {
                kind = kindOf(item.type());
            }
        }
        String from = message.fromUser();
        String id = message.stableId().isEmpty() ? "ilink-" + UUID.randomUUID() : message.stableId();
        Instant createdAt = message.createdAtMs() > 0 ? Instant.ofEpochMilli(message.createdAtMs()) : clock.instant();
        return IncomingMessage.text(name, id, Chat.privateChat(from, from), Sender.person(from, from), text.toString())
                .kind(kind == null ? MessageKind.OTHER : kind)
                .createdAt(createdAt)
                .botNames(current.botId())
                .build();
    }

    private static MessageKind kindOf(int itemType) {
        return switch (itemType) {
            case InboundItem.TEXT -> MessageKind.TEXT;
            case InboundItem.IMAGE -> MessageKind.IMAGE;
            case InboundItem.VOICE -> MessageKind.VOICE;
            case InboundItem.FILE -> MessageKind.FILE;
            case InboundItem.VIDEO -> MessageKind.VIDEO;
            default -> MessageKind.OTHER;
        };
    }

    @Override
    public CompletableFuture<Void> send(OutgoingMessage message) {
        if (message.chat().isGroup()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("iLink reaches private chats only, not " + message.chat().title()));
        }
        String user = message.chat().id();
        String text = message.text();
        return queue.enqueue(user, config.sendInterval(),
                () -> sender.send(() -> account, user, a -> MessageSender.textItem(text))).thenApply(id -> null);
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
        String user = chat.id();
        byte[] copy = image.clone();
        return queue.enqueue(user, config.sendInterval(),
                () -> sender.send(() -> account, user, a -> uploader.upload(a, user, MediaUploader.IMAGE, copy).imageItem()))
                .thenApply(id -> {
                    log.info("🖼 Sent an image of {} bytes to {}", copy.length, user);
                    return null;
                });
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
            queue.whenDone(user).thenRunAsync(() -> typing.stop(user), typingWorkers);
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
    public void close() {
        running = false;
        Thread t = session;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        workers.shutdown();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("⚠️ Some iLink messages were still being sent when the channel closed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
        typingWorkers.shutdownNow();
        mediaWorkers.shutdownNow();
        Account current = account;
        if (current != null) {
            notifyServer(current, false);
        }
        account = null;
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
