package io.cow.web;

import io.cow.core.channel.Channel;
import io.cow.core.channel.ChannelEvents;
import io.cow.core.channel.kit.Backoff;
import io.cow.core.channel.kit.ChannelFailure;
import io.cow.core.channel.kit.DaemonThreads;
import io.cow.core.channel.kit.Durations;
import io.cow.core.channel.kit.Pacing;
import io.cow.core.channel.kit.PartSource;
import io.cow.core.channel.kit.PartSources;
import io.cow.core.channel.kit.SendQueue;
import io.cow.core.channel.kit.ReloginThrottle;
import io.cow.core.channel.kit.SessionLoop;
import io.cow.core.channel.kit.SharedTimer;
import io.cow.core.message.BotAccount;
import io.cow.core.message.Chat;
import io.cow.core.message.ChatKind;
import io.cow.core.message.Attachment;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.OutgoingFile;
import io.cow.core.message.OutgoingImage;
import io.cow.core.message.OutgoingMessage;
import io.cow.core.store.ChannelStateStore;
import io.cow.web.http.CookieJar;
import io.cow.web.http.WebHttp;
import io.cow.web.login.CurrentLogin;
import io.cow.web.login.LoggedIn;
import io.cow.web.login.LoginFlow;
import io.cow.web.login.SessionStore;
import io.cow.web.message.MessageTranslator;
import io.cow.web.protocol.RetException;
import io.cow.web.protocol.WebApi;
import io.cow.web.send.MediaSender;
import io.cow.web.send.TextCourier;
import io.cow.web.sync.SyncIntake;
import io.cow.web.sync.SyncLoop;
import io.cow.web.sync.Watchdog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The web WeChat channel (UOS desktop mode by default): logs in (hot, push or QR), runs the sync loop,
 * translates messages and sends replies. After a logout it logs in again with a new QR code; a barred account
 * (1203) stops it.
 */
public final class WebChannel implements Channel {

    private static final Logger log = LoggerFactory.getLogger(WebChannel.class);
    public static final String TYPE = "web";
    /** The address of File Transfer, the same in every login. */
    static final String FILE_TRANSFER = "filehelper";
    private static final int STATUS_INITED = 3;
    /** The bot has let the queue send during its stop already: this is for what is left. */
    private static final Duration DRAIN_ON_CLOSE = Duration.ofSeconds(2);

    private final String name;
    private final WebOptions options;
    private final Clock clock;
    private final WebApi api;
    private final SessionStore store;
    private final CurrentLogin current = new CurrentLogin();
    /** The account's requests that are not the poll (sends, keepalives), one at a time. */
    private final ExecutorService sendThread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
            DaemonThreads.single("web-send"));
    /** Writes the session for hot login off the message path; its thread lives only while there is something to write. */
    private final ExecutorService storeThread = new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
            DaemonThreads.single("web-store"));
    private final TextCourier courier;
    private final SendQueue<OutgoingMessage> outbox;
    private final MediaSender media;
    private SessionLoop<LoggedIn> loop;
    private Session session;
    private ScheduledFuture<?> keepalive;

    public WebChannel(String name, WebOptions options, ChannelStateStore state, Clock clock) {
        this(name, options, state, clock, PartSources.IN_MEMORY);
    }

    /**
     * @param outbox where queued replies wait. Web WeChat is not known to dedupe a text sent again under its
     *               ClientMsgId, so a text whose send may have begun is never sent again
     */
    public WebChannel(String name, WebOptions options, ChannelStateStore state, Clock clock, PartSources outbox) {
        this(name, options, state, clock, outbox, UnaryOperator.identity());
    }

    /** @param governor puts the account-safety governor in front of the account's pacing */
    public WebChannel(String name, WebOptions options, ChannelStateStore state, Clock clock, PartSources outbox,
                      UnaryOperator<Pacing> governor) {
        this.name = name;
        this.options = options;
        this.clock = clock;
        this.api = new WebApi(new WebHttp(new CookieJar(), options.userAgent(), options.timeout(), options.proxies(), clock), options, clock);
        this.store = new SessionStore(state, name, options.hotLogin(), options.endpoint().orElse(""), clock, storeThread);
        PartSource<OutgoingMessage> parts = outbox.open(PartSources.Codec.texts(m -> m.chat().key()), false);
        Pacing pacing = governor.apply(Pacing.perAccount(options.sendInterval()));
        this.courier = new TextCourier(api, options, current, sendThread, parts, pacing);
        this.outbox = new SendQueue<>(courier, pacing, parts);
        this.media = new MediaSender(api, current, sendThread);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<Chat> ownerChat(String contact) {
        Optional<LoggedIn> login = current.get();
        if (login.isEmpty()) {
            return Optional.empty();
        }
        if (contact.isBlank()) {
            return Optional.of(new Chat(FILE_TRANSFER, FILE_TRANSFER, ChatKind.PRIVATE, "File Transfer"));
        }
        return login.get().contacts().userNameForKey(contact, false)
                .map(userName -> new Chat(userName, contact, ChatKind.PRIVATE, contact));
    }

    @Override
    public synchronized void start(ChannelEvents events) {
        if (loop != null) {
            throw new IllegalStateException("the web channel is already started");
        }
        log.info("Web WeChat: {} mode, {}", options.uos() ? "UOS desktop" : "web",
                options.endpoint().map(e -> "every host at " + e).orElse("the real WeChat hosts"));
        session = new Session(events);
        loop = new SessionLoop<>("web-sync", session, new Backoff(options.retryDelay(), options.retryMaxDelay()),
                SessionLoop.OnRefusal.STOP, events);
        loop.start();
        // What an earlier run left queued: each text waits for the login and finds its chat by its stable key.
        outbox.resume();
        if (!options.keepaliveInterval().isZero()) {
            keepalive = SharedTimer.every(options.keepaliveInterval(), this::keepaliveSoon);
        }
    }

    /** The session loop's steps: log in (hot, push or QR), then poll until WeChat ends the session. */
    private final class Session implements SessionLoop.Steps<LoggedIn> {
        private final ChannelEvents events;
        private final LoginFlow flow;
        private final SyncLoop sync;
        private final Watchdog watchdog;
        private boolean loggedInBefore;

        Session(ChannelEvents events) {
            this.events = events;
            this.flow = new LoginFlow(api, options, events, store, clock);
            this.watchdog = new Watchdog(options.watchdog());
            this.sync = new SyncLoop(api, options, new SyncIntake(api, new MessageTranslator(name), events, store, clock), watchdog,
                    () -> loop.isClosed());
        }

        @Override
        public LoggedIn logIn() throws ChannelFailure, InterruptedException {
            LoggedIn login = loggedInBefore ? flow.afterLogout() : flow.atStart();
            loggedInBefore = true;
            current.set(login);
            events.onLogin(new BotAccount(login.self().userName(), login.self().nickName()));
            return login;
        }

        @Override
        public void serve(LoggedIn login) throws ChannelFailure, InterruptedException {
            String reason = sync.run(login);
            throw ChannelFailure.loggedOut("Logged out of web WeChat (" + reason + "); logging in again: a new QR code follows "
                    + "(at most one every " + Durations.format(options.reloginInterval()) + ")");
        }

        @Override
        public void ended(LoggedIn login) {
            current.clear();
        }

        @Override
        public void logOut(LoggedIn login) throws IOException, InterruptedException {
            store.forget();
            api.logout(login.session());
        }

        @Override
        public ReloginThrottle throttle() {
            return flow.throttle();
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

    private synchronized SessionLoop<LoggedIn> runningLoop() {
        if (loop == null) {
            throw new IllegalStateException("the web channel " + name + " has not started");
        }
        return loop;
    }

    /** On the shared timer: the keepalive itself is a request, so it goes to the send thread. */
    private void keepaliveSoon() {
        try {
            sendThread.execute(this::keepalive);
        } catch (RejectedExecutionException closing) {
            log.debug("No keepalive: the channel is closing");
        }
    }

    private void keepalive() {
        current.get().ifPresent(login -> {
            try {
                api.statusNotify(login.session(), STATUS_INITED);
                log.debug("Keepalive status notification sent");
            } catch (IOException | RetException e) {
                log.debug("Keepalive status notification failed: {}", ChannelFailure.describe(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
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
        return media.image(image.chat(), image.data(), image.mediaType(), image.fileName());
    }

    @Override
    public boolean canSendFiles() {
        return true;
    }

    @Override
    public CompletableFuture<Void> sendFile(OutgoingFile file) {
        return media.file(file.chat(), file.data(), file.mediaType(), file.fileName());
    }

    @Override
    public InputStream openAttachment(IncomingMessage message, Attachment attachment) throws IOException, InterruptedException {
        LoggedIn login = current.get().orElseThrow(() -> new IOException("web WeChat is not logged in"));
        return api.openMedia(login.session(), attachment.ref());
    }

    /** Stops taking texts (the queued ones are still tried for a few seconds while logged in), then the loop. */
    @Override
    public void close() {
        SessionLoop<LoggedIn> running;
        Session steps;
        synchronized (this) {
            running = loop;
            steps = session;
        }
        courier.closing();
        outbox.close(current.get().isPresent() ? DRAIN_ON_CLOSE : Duration.ZERO);
        if (keepalive != null) {
            keepalive.cancel(false);
        }
        Optional<LoggedIn> last = current.get();
        if (running != null) {
            running.close();
            steps.watchdog.close();
        }
        // The loop has stopped: this save holds the final sync keys, so a restart resumes exactly here.
        last.ifPresent(login -> store.save(login.session(), api.http().cookies()));
        current.close();
        sendThread.shutdownNow();
        storeThread.shutdown();
    }
}
