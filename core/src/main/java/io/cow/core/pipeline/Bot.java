package io.cow.core.pipeline;

import io.cow.core.channel.Channel;
import io.cow.core.channel.ChannelEvents;
import io.cow.core.channel.LoginQrCode;
import io.cow.core.login.QrCodeLog;
import io.cow.core.message.BotAccount;
import io.cow.core.message.IncomingMessage;
import io.cow.core.trigger.TriggerRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/** The running bot: a channel's events go to the dispatcher, login events to the log. */
public final class Bot implements ChannelEvents, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Bot.class);

    private final Channel channel;
    private final Pipeline pipeline;
    private final Dispatcher dispatcher;
    private final QrCodeLog qrCodeLog;
    private final List<AutoCloseable> closeAfter;
    private final AtomicReference<BotAccount> account = new AtomicReference<>();
    private final List<BotObserver> observers = new CopyOnWriteArrayList<>();

    public Bot(Channel channel, Pipeline pipeline, int workerThreads, int maxPending, QrCodeLog qrCodeLog) {
        this(channel, pipeline, workerThreads, maxPending, qrCodeLog, List.of());
    }

    /** @param closeAfter closed, in order, after the channel and the workers (such as the store they used) */
    public Bot(Channel channel, Pipeline pipeline, int workerThreads, int maxPending, QrCodeLog qrCodeLog,
               List<AutoCloseable> closeAfter) {
        this.channel = channel;
        this.pipeline = pipeline;
        this.qrCodeLog = qrCodeLog;
        this.closeAfter = List.copyOf(closeAfter);
        this.dispatcher = new Dispatcher(this::handle, workerThreads, maxPending);
    }

    /** Adds an observer of messages' outcomes and login events; add observers before {@link #start()}. */
    public void observe(BotObserver observer) {
        observers.add(observer);
    }

    private void handle(IncomingMessage message) {
        Outcome outcome = pipeline.handle(message);
        tell(o -> o.handled(message, outcome));
    }

    /** An observer must not cost the bot its message or its login: what one throws is logged and dropped. */
    private void tell(Consumer<BotObserver> event) {
        for (BotObserver observer : observers) {
            try {
                event.accept(observer);
            } catch (RuntimeException e) {
                log.error("❌ Observer {} failed: {}", observer.getClass().getSimpleName(), e.toString(), e);
            }
        }
    }

    public void start() {
        log.info("Starting channel {}", channel.name());
        channel.start(this);
    }

    @Override
    public void onMessage(IncomingMessage message) {
        dispatcher.submit(message);
    }

    @Override
    public void onLoginQrCode(LoginQrCode qrCode) {
        qrCodeLog.show(qrCode);
        tell(o -> o.loginQrCode(channel.name(), qrCode));
    }

    @Override
    public void onLogin(BotAccount account) {
        this.account.set(account);
        log.info("✅ Logged in to {} as {}", channel.name(), account.name());
        log.info("🤖️ Bot name is: {}", account.name());
        log.info("🎯 Trigger keyword in private chat is: {}", pipeline.triggerRules().privateTrigger());
        log.info("🎯 Trigger keyword in group chat is: {}", pipeline.triggerRules().groupTrigger(account.name()));
        tell(o -> o.loggedIn(channel.name(), account));
    }

    @Override
    public void onLogout(String reason) {
        this.account.set(null);
        log.warn("⚠️ Logged out of {}: {}", channel.name(), reason);
        tell(o -> o.loggedOut(channel.name(), reason));
    }

    /** Messages taken in and not yet handled. */
    public int pendingMessages() {
        return dispatcher.pending();
    }

    /** The channel's name. */
    public String channelName() {
        return channel.name();
    }

    /** The pipeline's trigger rules, for showing whether and why the bot answers in a chat. */
    public TriggerRules triggerRules() {
        return pipeline.triggerRules();
    }

    /** The account the bot is logged in as, if it is. */
    public Optional<BotAccount> account() {
        return Optional.ofNullable(account.get());
    }

    /** Waits until every message received so far is handled and its replies are sent. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!dispatcher.awaitIdle(timeout)) {
            return false;
        }
        return pipeline.awaitSends(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    @Override
    public void close() {
        try {
            channel.close();
        } finally {
            dispatcher.close();
            for (AutoCloseable resource : closeAfter) {
                try {
                    resource.close();
                } catch (Exception e) {
                    log.error("❌ Could not close {}: {}", resource, e.getMessage(), e);
                }
            }
        }
    }
}
