package io.cow.core.pipeline;

import io.cow.core.channel.Channel;
import io.cow.core.channel.ChannelEvents;
import io.cow.core.channel.LoginQrCode;
import io.cow.core.login.LoginState;
import io.cow.core.login.LoginStates;
import io.cow.core.message.BotAccount;
import io.cow.core.message.IncomingMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * The running bot: one or more channel instances, whose messages go through one dispatcher (so the model's
 * concurrency bound holds for all of them) to the instance's own pipeline, and whose login events go to the
 * log and to {@link LoginStates}.
 */
public final class Bot implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Bot.class);

    private final Map<String, Instance> instances = new LinkedHashMap<>();
    private final Dispatcher dispatcher;
    private final LoginStates logins;
    private final Clock clock;
    private final List<AutoCloseable> closeAfter;
    private final List<BotObserver> observers = new CopyOnWriteArrayList<>();

    /** A bot on one channel, its login states kept to itself. */
    public Bot(Channel channel, Pipeline pipeline, int workerThreads, int maxPending) {
        this(List.of(new BotInstance(channel.name(), channel, pipeline)), workerThreads, maxPending,
                new LoginStates(), Clock.systemUTC(), List.of());
    }

    /**
     * @param instances  the channel instances, their names unique
     * @param logins     where login changes are published
     * @param closeAfter closed, in order, after the channels and the workers (such as the store they used)
     */
    public Bot(List<BotInstance> instances, int workerThreads, int maxPending, LoginStates logins, Clock clock,
               List<AutoCloseable> closeAfter) {
        if (instances.isEmpty()) {
            throw new IllegalArgumentException("a bot needs at least one channel");
        }
        for (BotInstance instance : instances) {
            if (this.instances.put(instance.name(), new Instance(instance)) != null) {
                throw new IllegalArgumentException("two channel instances are named " + instance.name());
            }
        }
        this.logins = logins;
        this.clock = clock;
        this.closeAfter = List.copyOf(closeAfter);
        this.dispatcher = new Dispatcher(this::handle, workerThreads, maxPending);
    }

    /** Adds an observer of messages' outcomes; add observers before {@link #start()}. Logins: see {@link #logins()}. */
    public void observe(BotObserver observer) {
        observers.add(observer);
    }

    public void start() {
        for (Instance instance : instances.values()) {
            log.info("Starting channel {}{}", instance.name(),
                    instance.name().equals(instance.spec.type()) ? "" : " (" + instance.spec.type() + ")");
            logins.update(LoginState.starting(instance.name(), instance.spec.type(), clock.instant()));
            instance.spec.channel().start(instance);
        }
    }

    private void handle(IncomingMessage message) {
        Instance instance = instances.get(message.channel());
        if (instance == null) {
            log.error("❌ Dropped message {}: it names channel {}, which this bot does not run", message.id(), message.channel());
            return;
        }
        tell(message, instance.spec.pipeline().handle(message));
    }

    private void tell(IncomingMessage message, Outcome outcome) {
        for (BotObserver observer : observers) {
            // An observer must not cost the bot its message: what one throws is logged and dropped.
            try {
                observer.handled(message, outcome);
            } catch (RuntimeException e) {
                log.error("❌ Observer {} failed: {}", observer.getClass().getSimpleName(), e.toString(), e);
            }
        }
    }

    /** The channel instances, in the order of the configuration. */
    public List<BotInstance> instances() {
        return instances.values().stream().map(i -> i.spec).toList();
    }

    /** Messages taken in and not yet handled. */
    public int pendingMessages() {
        return dispatcher.pending();
    }

    /**
     * Where one instance's channel reports to: for tools and tests that start a channel themselves, in place of
     * {@link #start()}, to watch its events on the way.
     */
    public ChannelEvents events(String instance) {
        Instance found = instances.get(instance);
        if (found == null) {
            throw new IllegalArgumentException("no channel instance " + instance);
        }
        return found;
    }

    /** The login state of every instance; subscribe there to follow logins, logouts and QR codes. */
    public LoginStates logins() {
        return logins;
    }

    /** The account the first (or only) instance is logged in as, if it is. */
    public Optional<BotAccount> account() {
        return instances.values().iterator().next().account();
    }

    /** The account this instance is logged in as, if it is. */
    public Optional<BotAccount> account(String instance) {
        return Optional.ofNullable(instances.get(instance)).flatMap(Instance::account);
    }

    /** Completes when every channel has finished (see {@link Channel#finished()}); never for WeChat transports. */
    public CompletableFuture<Void> finished() {
        return CompletableFuture.allOf(instances.values().stream()
                .map(i -> i.spec.channel().finished().toCompletableFuture())
                .toArray(CompletableFuture[]::new));
    }

    /** Waits until every message received so far is handled and its replies are sent. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!dispatcher.awaitIdle(timeout)) {
            return false;
        }
        for (Instance instance : instances.values()) {
            if (!instance.spec.pipeline().awaitSends(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        try {
            for (Instance instance : instances.values()) {
                closeQuietly(instance.spec.channel());
            }
        } finally {
            dispatcher.close();
            closeAfter.forEach(Bot::closeQuietly);
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            log.error("❌ Could not close {}: {}", resource, e.getMessage(), e);
        }
    }

    /** One instance as its channel sees the bot: its events. */
    private final class Instance implements ChannelEvents {
        private final BotInstance spec;
        private final AtomicReference<BotAccount> account = new AtomicReference<>();

        Instance(BotInstance spec) {
            this.spec = spec;
        }

        String name() {
            return spec.name();
        }

        Optional<BotAccount> account() {
            return Optional.ofNullable(account.get());
        }

        @Override
        public void onMessage(IncomingMessage message) {
            // Transports echo each reply back as a message of the bot's own, which the pipeline skips anyway: dropped
            // here, on the transport's thread, an echo costs no hand-off to a worker and back.
            Optional<Outcome> own = spec.pipeline().skipsOwnMessage(message);
            if (own.isPresent()) {
                log.debug("Skipped message {}: written by the bot's own account", message.id());
                tell(message, own.get());
                return;
            }
            dispatcher.submit(message);
        }

        @Override
        public void onLoginQrCode(LoginQrCode qrCode) {
            update(state -> state.waitingForScan(qrCode, clock.instant()));
        }

        @Override
        public void onLogin(BotAccount bot) {
            account.set(bot);
            logLogin(name(), bot, spec.pipeline());
            update(state -> state.loggedIn(bot, clock.instant()));
        }

        @Override
        public void onLogout(String reason) {
            account.set(null);
            log.warn("⚠️ Logged out of {}: {}", name(), reason);
            update(state -> state.loggedOut(reason, clock.instant()));
        }

        @Override
        public void onLoginRefused(String reason) {
            account.set(null);
            log.error("❌ Login to {} refused: {}", name(), reason);
            update(state -> state.refused(reason, clock.instant()));
        }

        private void update(UnaryOperator<LoginState> change) {
            LoginState now = logins.current(name())
                    .orElseGet(() -> LoginState.starting(name(), spec.type(), clock.instant()));
            logins.update(change.apply(now));
        }
    }

    /** The log lines of a login, with the trigger keywords (contract row 10). */
    private static void logLogin(String instance, BotAccount bot, Pipeline pipeline) {
        log.info("✅ Logged in to {} as {}", instance, bot.name());
        log.info("🤖️ Bot name is: {}", bot.name());
        log.info("🎯 Trigger keyword in private chat is: {}", pipeline.triggerRules().privateTrigger());
        log.info("🎯 Trigger keyword in group chat is: {}", pipeline.triggerRules().groupTrigger(bot.name()));
    }
}
