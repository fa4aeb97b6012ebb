package io.cow.web;

import io.cow.core.channel.Channel;
import io.cow.core.channel.ChannelEvents;
import io.cow.core.message.BotAccount;
import io.cow.core.message.Chat;
import io.cow.core.message.ChatKind;
import io.cow.core.message.OutgoingMessage;
import io.cow.core.store.ChannelStateStore;
import io.cow.web.http.CookieJar;
import io.cow.web.http.WebHttp;
import io.cow.web.login.CurrentLogin;
import io.cow.web.login.LoggedIn;
import io.cow.web.login.LoginBarredException;
import io.cow.web.login.LoginFlow;
import io.cow.web.login.SessionStore;
import io.cow.web.message.MessageTranslator;
import io.cow.web.protocol.RetException;
import io.cow.web.protocol.WebApi;
import io.cow.web.send.Outbox;
import io.cow.web.sync.SyncIntake;
import io.cow.web.sync.SyncLoop;
import io.cow.web.sync.Watchdog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The web WeChat channel (UOS desktop mode by default): logs in (hot, push or QR), runs the sync loop,
 * translates messages and sends replies. After a logout it logs in again with a new QR code.
 */
public final class WebChannel implements Channel {

    private static final Logger log = LoggerFactory.getLogger(WebChannel.class);
    public static final String TYPE = "web";
    /** The address of File Transfer, the same in every login. */
    static final String FILE_TRANSFER = "filehelper";
    private static final int STATUS_INITED = 3;

    private final String name;
    private final WebOptions options;
    private final Clock clock;
    private final WebApi api;
    private final SessionStore store;
    private final CurrentLogin current = new CurrentLogin();
    private final Outbox outbox;
    private final ScheduledExecutorService timer;
    private volatile boolean closed;
    private volatile Thread loop;

    public WebChannel(String name, WebOptions options, ChannelStateStore state, Clock clock) {
        this.name = name;
        this.options = options;
        this.clock = clock;
        this.api = new WebApi(new WebHttp(new CookieJar(), options.userAgent(), options.timeout(), clock), options, clock);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "web-timer");
            t.setDaemon(true);
            return t;
        });
        this.store = new SessionStore(state, name, options.hotLogin(), options.endpoint().orElse(""), clock, timer);
        this.outbox = new Outbox(api, options, current);
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
    public void start(ChannelEvents events) {
        log.info("Web WeChat: {} mode, {}", options.uos() ? "UOS desktop" : "web",
                options.endpoint().map(e -> "every host at " + e).orElse("the real WeChat hosts"));
        outbox.start();
        if (!options.keepaliveInterval().isZero()) {
            long every = options.keepaliveInterval().toMillis();
            timer.scheduleWithFixedDelay(this::keepalive, every, every, TimeUnit.MILLISECONDS);
        }
        Thread thread = new Thread(() -> run(events), "web-sync");
        thread.setDaemon(true);
        loop = thread;
        thread.start();
    }

    private void run(ChannelEvents events) {
        LoginFlow flow = new LoginFlow(api, options, events, store, clock);
        SyncIntake intake = new SyncIntake(api, new MessageTranslator(name), events, store, clock);
        try (Watchdog watchdog = new Watchdog(options.watchdog(), timer)) {
            SyncLoop sync = new SyncLoop(api, options, intake, watchdog, () -> closed);
            boolean first = true;
            while (!closed) {
                LoggedIn login = first ? flow.atStart() : flow.afterLogout();
                first = false;
                current.set(login);
                events.onLogin(new BotAccount(login.self().userName(), login.self().nickName()));
                String reason = sync.run(login);
                current.clear();
                log.warn("🚪 Logged out of web WeChat ({}); logging in again: a new QR code follows "
                        + "(at most one every {})", reason, Durations.format(options.reloginInterval()));
                events.onLogout("web WeChat ended the session (" + reason + "); a new QR code follows");
            }
        } catch (InterruptedException e) {
            if (!closed) {
                log.error("❌ The web WeChat loop was interrupted; the channel stops", e);
            }
        } catch (LoginBarredException e) {
            log.error(e.getMessage());
            events.onLoginRefused("web login is barred for this account (1203)");
        } catch (RuntimeException e) {
            log.error("❌ The web WeChat channel failed and stops; restart the bot", e);
            events.onLogout("the web channel failed: " + e);
        } finally {
            current.clear();
        }
    }

    private void keepalive() {
        current.get().ifPresent(login -> {
            try {
                api.statusNotify(login.session(), STATUS_INITED);
                log.debug("Keepalive status notification sent");
            } catch (IOException | RetException e) {
                log.debug("Keepalive status notification failed: {}", Failures.describe(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Override
    public CompletableFuture<Void> send(OutgoingMessage message) {
        OutgoingMessage out = message;
        if (options.mentionAsker() && message.chat().isGroup() && !message.mentionIds().isEmpty()
                && message.inReplyTo() != null && !message.inReplyTo().sender().name().isBlank()) {
            out = new OutgoingMessage(message.chat(), "@" + message.inReplyTo().sender().name() + "\u2005" + message.text(),
                    List.copyOf(message.mentionIds()), message.inReplyTo());
        }
        return outbox.submit(out);
    }

    @Override
    public void close() {
        closed = true;
        outbox.close();
        Optional<LoggedIn> last = current.get();
        Thread thread = loop;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // The loop has stopped: this save holds the final sync keys, so a restart resumes exactly here.
        last.ifPresent(login -> store.save(login.session(), api.http().cookies()));
        current.close();
        timer.shutdownNow();
    }
}
