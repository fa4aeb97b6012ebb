package io.cow.core.pipeline;

import io.cow.core.channel.Channel;
import io.cow.core.channel.ChannelEvents;
import io.cow.core.channel.LoginQrCode;
import io.cow.core.channel.kit.DaemonThreads;
import io.cow.core.filter.StartTimeFilter;
import io.cow.core.login.LoginState;
import io.cow.core.login.LoginStates;
import io.cow.core.message.BotAccount;
import io.cow.core.message.IncomingMessage;
import io.cow.core.store.InMemoryInbox;
import io.cow.core.store.Inbox;
import io.cow.core.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * The running bot: one or more channel instances, whose messages go through the inbox and one dispatcher (so the
 * model's concurrency bound holds for all of them) to the instance's own pipeline, and whose login events go to
 * the log and to {@link LoginStates}. At start it answers what an earlier run took in and did not answer; on
 * {@link #close} it stops gracefully.
 */
public final class Bot implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Bot.class);
    /** A message taken up by this many starts without being handled is given up: it may be what stops the bot. */
    static final int MAX_ATTEMPTS = 3;
    /** How often the store is tried again while it fails, and the inbox told that the channels listen. */
    private static final Duration RETRY_EVERY = Duration.ofSeconds(5);
    private static final Duration HEARD_EVERY = Duration.ofSeconds(30);
    /** Transports give creation times in whole seconds, and their clocks are not ours. */
    private static final Duration CLOCK_SLACK = Duration.ofSeconds(2);
    /**
     * A message written shortly before an earlier run last noted that it listened may not have reached it yet (a
     * poll under way): it is re-delivered and must pass. What that run did take in is recognised in the inbox by id.
     */
    private static final Duration DELIVERY_LAG = Duration.ofSeconds(30);
    /**
     * Of the grace, what closing the channels may take at the end (the web channel lets its send queue drain for up to
     * 2 s more) and the process's exit, so that the whole stop stays within the grace.
     */
    private static final Duration CHANNEL_CLOSE = Duration.ofSeconds(5);
    /** Handled marks kept in memory while the store fails; beyond this the oldest are dropped (and logged). */
    private static final int MAX_PENDING_DONE = 10_000;

    /** Replaced whole when an instance is attached or detached, so that each message's lookup takes no lock. */
    private volatile Map<String, Instance> instances = Map.of();
    private final Object instancesChange = new Object();
    private final Dispatcher dispatcher;
    private final Inbox inbox;
    private final BotOptions options;
    private final LoginStates logins;
    private final Clock clock;
    private final List<AutoCloseable> closeAfter;
    private final List<BotObserver> observers = new CopyOnWriteArrayList<>();
    private final ArrayDeque<IncomingMessage> pendingDone = new ArrayDeque<>();
    /**
     * Its own thread rather than the kit's shared timer: retrying the store writes to the database and may hand
     * messages to a full dispatcher, which blocks, and the shared timer's tasks must never block.
     */
    private final ScheduledExecutorService storeTimer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.single("bot-store"));
    private volatile boolean closed;

    /** A bot on one channel with an inbox in memory and default options, for tests and tools that need no durability. */
    public Bot(Channel channel, Pipeline pipeline, int workerThreads, int maxPending) {
        this(List.of(new BotInstance(channel.name(), channel, pipeline)), new InMemoryInbox(100_000, Clock.systemUTC()),
                BotOptions.defaults(workerThreads, maxPending), new LoginStates(), Clock.systemUTC(), List.of());
    }

    /**
     * @param instances  the channel instances, their names unique
     * @param inbox      where messages are taken in; its channel names are the instances' names
     * @param logins     where login changes are published
     * @param closeAfter closed, in order, after the channels and the workers (such as the store they used)
     */
    public Bot(List<BotInstance> instances, Inbox inbox, BotOptions options, LoginStates logins, Clock clock,
               List<AutoCloseable> closeAfter) {
        this.inbox = inbox;
        this.options = options;
        this.logins = logins;
        this.clock = clock;
        this.closeAfter = List.copyOf(closeAfter);
        this.dispatcher = new Dispatcher(this::orderKey, this::handle, options.workerThreads(), options.maxPending());
        Map<String, Instance> named = new LinkedHashMap<>();
        for (BotInstance instance : instances) {
            if (named.put(instance.name(), new Instance(instance)) != null) {
                throw new IllegalArgumentException("two channel instances are named " + instance.name());
            }
        }
        this.instances = named;
    }

    /** Adds an observer of messages' outcomes; add observers before {@link #start()}. Logins: see {@link #logins()}. */
    public void observe(BotObserver observer) {
        observers.add(observer);
    }

    public void start() {
        for (Instance instance : instances.values()) {
            answerWhatWaits(instance);
        }
        storeTimer.scheduleWithFixedDelay(this::retryStore, RETRY_EVERY.toMillis(), RETRY_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        storeTimer.scheduleWithFixedDelay(this::markHeard, 0, HEARD_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        for (Instance instance : instances.values()) {
            startChannel(instance);
        }
    }

    private void answerWhatWaits(Instance instance) {
        instance.intake.notBefore(new StartTimeFilter(listenedUntil(instance)));
        answerWaiting(instance);
    }

    private void startChannel(Instance instance) {
        log.info("Starting channel {}{}", instance.name(),
                instance.name().equals(instance.spec.type()) ? "" : " (" + instance.spec.type() + ")");
        logins.update(LoginState.starting(instance.name(), instance.spec.type(), clock.instant()));
        instance.spec.channel().start(instance);
    }

    /**
     * Adds an instance to the running bot and starts it as {@link #start()} starts each: what was taken in on it
     * and not answered (by this process or another) is answered first. Cluster workers attach the accounts whose
     * leases they take.
     *
     * @throws IllegalArgumentException when an instance of that name runs already
     */
    public void attach(BotInstance spec) {
        Instance instance = new Instance(spec);
        synchronized (instancesChange) {
            if (closed) {
                throw new IllegalStateException("the bot is stopping");
            }
            if (instances.containsKey(spec.name())) {
                throw new IllegalArgumentException("channel instance " + spec.name() + " runs already");
            }
            Map<String, Instance> next = new LinkedHashMap<>(instances);
            next.put(spec.name(), instance);
            instances = next;
        }
        answerWhatWaits(instance);
        // From now on this instance is ours to answer: should this process die before its login, whoever runs the
        // instance next answers what was written since (unless an earlier holder's note is older; see markHeard).
        markHeard(instance);
        startChannel(instance);
    }

    /**
     * Stops one instance and removes it, as {@link #close()} stops the whole bot: it takes no new work (what its
     * channel still delivers is stored), lets its answers in progress finish and its replies go out within
     * {@code grace}, then closes its channel. What is left waits in the store for whoever runs the instance next. A
     * zero grace closes the channel at once (a worker whose lease runs out: another may take the account any moment).
     *
     * @return whether the instance ran here
     */
    public boolean detach(String name, Duration grace, String why) {
        Instance instance = instances.get(name);
        if (instance == null) {
            return false;
        }
        long deadline = System.nanoTime() + grace.toNanos();
        instance.intake.storeOnly();
        if (!grace.isZero()) {
            boolean answered = await(() -> instance.awaitIdle(remaining(deadline)));
            if (answered) {
                await(() -> instance.spec.pipeline().awaitSends(remaining(deadline)));
            }
        }
        closeQuietly(instance.spec.channel());
        instance.intake.close();
        synchronized (instancesChange) {
            Map<String, Instance> next = new LinkedHashMap<>(instances);
            next.remove(name);
            instances = next;
        }
        instance.update(state -> state.stopped(why, clock.instant()));
        log.info("⏹️ Stopped channel {}: {}", name, why);
        return true;
    }

    /**
     * Messages written before this are not answered (contract row 7: no replay of history after a restart). That is
     * the start of this run, or, when an earlier run listened until a short while ago ({@code inbox.maxAge}), the
     * moment it stopped listening: what people wrote while the bot restarted is answered, not lost.
     */
    private Instant listenedUntil(Instance instance) {
        Instant startedAt = instance.spec.pipeline().startedAt();
        Optional<Instant> heard;
        try {
            heard = inbox.lastHeard(instance.name());
        } catch (StoreException e) {
            log.warn("⚠️ Could not read when {} last listened ({}); answering only what is written from now on",
                    instance.name(), e.getMessage());
            return startedAt;
        }
        if (heard.isEmpty() || heard.get().isBefore(startedAt.minus(options.inboxMaxAge())) || heard.get().isAfter(startedAt)) {
            return startedAt;
        }
        log.info("📥 {}: messages written since the last run stopped listening ({} ago) are answered", instance.name(),
                seconds(Duration.between(heard.get(), startedAt)));
        return heard.get().minus(CLOCK_SLACK).minus(DELIVERY_LAG);
    }

    /** Answers what an earlier run took in on this instance and did not answer, unless it is too old. */
    private void answerWaiting(Instance instance) {
        List<Inbox.Waiting> waiting;
        try {
            waiting = inbox.unhandled(instance.name());
        } catch (StoreException e) {
            log.error("❌ Could not read the messages of {} waiting from the last run: {}", instance.name(), e.getMessage(), e);
            return;
        }
        if (waiting.isEmpty()) {
            return;
        }
        Instant tooOld = clock.instant().minus(options.inboxMaxAge());
        List<IncomingMessage> answer = new ArrayList<>();
        int old = 0;
        int failing = 0;
        for (Inbox.Waiting w : waiting) {
            if (w.receivedAt().isBefore(tooOld)) {
                old++;
                markDone(w.message());
            } else if (w.attempts() > MAX_ATTEMPTS) {
                failing++;
                log.warn("⚠️ Gave up message {} in {}: {} starts took it up without finishing it", w.message().id(),
                        w.message().chat().title(), w.attempts() - 1);
                markDone(w.message());
            } else {
                answer.add(w.message());
            }
        }
        if (old > 0) {
            log.warn("⚠️ {}: dropped {} message(s) taken in before the restart that waited longer than {} (inbox.maxAge)",
                    instance.name(), old, seconds(options.inboxMaxAge()));
        }
        if (!answer.isEmpty()) {
            log.info("📥 {}: answering {} message(s) taken in before the restart", instance.name(), answer.size());
            answer.forEach(instance::submit);
        }
    }

    /** The conversation a message keeps its order in (see {@link Pipeline#orderKey}). */
    private String orderKey(IncomingMessage message) {
        Instance instance = instances.get(message.channel());
        return instance == null ? message.channel() + '\n' + message.chat().id() : instance.spec.pipeline().orderKey(message);
    }

    /**
     * Hands a message to its instance's pipeline; it is marked handled in the inbox when the pipeline is done with it,
     * unless the stop cut its answer short (then the next start answers it).
     */
    private CompletionStage<?> handle(IncomingMessage message, Executor afterAnswer) {
        Instance instance = instances.get(message.channel());
        if (instance == null) {
            // Its instance was detached: the message waits in the inbox for whoever runs the instance next.
            log.info("📥 Left message {} of {} for the next run of that channel", message.id(), message.channel());
            return CompletableFuture.completedFuture(null);
        }
        CompletionStage<Outcome> outcome;
        try {
            outcome = instance.spec.pipeline().handle(message, afterAnswer);
        } catch (RuntimeException e) {
            instance.handled();
            markDone(message);
            throw e;
        }
        return outcome.whenComplete((done, error) -> {
            instance.handled();
            // An answer whose work after the model could not run any more (the workers stopped) is not done either.
            boolean cutShort = done == Outcome.INTERRUPTED || error != null && closed;
            if (!cutShort) {
                markDone(message);
            }
            if (done != null) {
                tell(message, done);
            }
        });
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

    /** Marks a message handled; while the store fails, the mark waits in memory and is tried again. */
    private void markDone(IncomingMessage message) {
        try {
            inbox.done(message);
        } catch (StoreException e) {
            synchronized (pendingDone) {
                if (pendingDone.size() >= MAX_PENDING_DONE) {
                    IncomingMessage lost = pendingDone.removeFirst();
                    log.warn("⚠️ Message {} will be answered again after a restart: the store could not record that it was answered",
                            lost.id());
                }
                pendingDone.add(message);
            }
        }
    }

    /** Stores what waits in memory because the store failed: incoming messages, then handled marks. */
    void retryStore() {
        try {
            for (Instance instance : instances.values()) {
                instance.intake.retry();
            }
            while (true) {
                IncomingMessage next;
                synchronized (pendingDone) {
                    next = pendingDone.peekFirst();
                }
                if (next == null) {
                    return;
                }
                inbox.done(next);
                synchronized (pendingDone) {
                    pendingDone.remove(next);
                }
            }
        } catch (StoreException e) {
            log.debug("The store still fails: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.error("❌ Retrying the store failed", e);
        }
    }

    /**
     * Notes that each instance listens now: at its start or attach, at its login, every {@code HEARD_EVERY} and at the
     * stop; the next run of the instance answers what was written since (see {@link #listenedUntil}). An instance
     * that is not logged in hears nothing, so it notes only where no recent note exists (a fresh instance: from now
     * on messages are the bot's to answer); over a recent note it would make the next start drop what people wrote
     * since the last run that did listen (a run killed while it waited for its session).
     */
    private void markHeard() {
        instances.values().forEach(this::markHeard);
    }

    private void markHeard(Instance instance) {
        try {
            Instant now = clock.instant();
            if (logins.current(instance.name()).filter(LoginState::isLoggedIn).isEmpty()
                    && inbox.lastHeard(instance.name()).filter(at -> at.isAfter(now.minus(options.inboxMaxAge()))).isPresent()) {
                return;
            }
            inbox.heard(instance.name(), now);
        } catch (StoreException e) {
            log.debug("Could not note that {} listens: {}", instance.name(), e.getMessage());
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
        return instances.values().stream().findFirst().flatMap(Instance::account);
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
        return awaitSends(deadline);
    }

    private boolean awaitSends(long deadline) throws InterruptedException {
        for (Instance instance : instances.values()) {
            if (!instance.spec.pipeline().awaitSends(remaining(deadline))) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@link #close} has begun: no new work is started. */
    boolean stopping() {
        return closed;
    }

    /**
     * Stops gracefully within {@code shutdown.grace}: takes no new work (what the channels still deliver is stored
     * for the next start), lets the answers in progress finish, lets the channels send what is queued, then closes
     * the channels, the workers and the store. What is left waits in the store for the next start.
     */
    @Override
    public void close() {
        synchronized (instancesChange) {
            if (closed) {
                return;
            }
            closed = true;
        }
        long started = System.nanoTime();
        long deadline = started + Math.max(0, options.shutdownGrace().minus(CHANNEL_CLOSE).toNanos());
        instances.values().forEach(i -> i.intake.storeOnly());
        int left = dispatcher.stopTaking();
        int running = dispatcher.pending();
        if (running > 0 || left > 0) {
            log.info("🛑 Stopping: finishing {} answer(s) in progress (for up to {}); {} message(s) wait for the next start",
                    running, seconds(options.shutdownGrace()), left);
        }
        boolean finished = await(() -> dispatcher.awaitIdle(remaining(deadline)));
        boolean flushed = finished && await(() -> awaitSends(deadline));
        // Before the channels close (closing may log them out): they listened until now.
        markHeard();
        try {
            for (Instance instance : instances.values()) {
                closeQuietly(instance.spec.channel());
            }
        } finally {
            dispatcher.close();
            storeTimer.shutdownNow();
            instances.values().forEach(i -> i.intake.close());
            retryStore();
            int unfinished = dispatcher.pending();
            if (running > 0 || left > 0 || !finished || !flushed) {
                log.info("🛑 Stopped in {}: {} answer(s) cut short, replies {}; {} message(s) wait for the next start",
                        seconds(Duration.ofNanos(System.nanoTime() - started)), unfinished,
                        flushed ? "all sent" : "not all sent (the rest waits in the outbox)", left + unfinished);
            }
            observers.forEach(Bot::stopped);
            closeAfter.forEach(Bot::closeQuietly);
        }
    }

    private static void stopped(BotObserver observer) {
        try {
            observer.stopped();
        } catch (RuntimeException e) {
            log.error("❌ Observer {} failed at the stop: {}", observer.getClass().getSimpleName(), e.toString(), e);
        }
    }

    private interface Wait {
        boolean run() throws InterruptedException;
    }

    private static boolean await(Wait wait) {
        try {
            return wait.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
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
        private final Intake intake;
        private final AtomicReference<BotAccount> account = new AtomicReference<>();
        /** Messages handed to the dispatcher and not yet handled. */
        private final InFlight inProgress = new InFlight();

        Instance(BotInstance spec) {
            this.spec = spec;
            this.intake = new Intake(inbox, new StartTimeFilter(spec.pipeline().startedAt()), options.inputMaxChars(),
                    this::submit, Bot.this::tell);
        }

        void submit(IncomingMessage message) {
            inProgress.begin();
            dispatcher.submit(message);
        }

        void handled() {
            inProgress.end();
        }

        boolean awaitIdle(Duration timeout) throws InterruptedException {
            return inProgress.awaitZero(timeout);
        }

        String name() {
            return spec.name();
        }

        Optional<BotAccount> account() {
            return Optional.ofNullable(account.get());
        }

        @Override
        public void onMessages(List<IncomingMessage> messages) {
            List<IncomingMessage> others = new ArrayList<>(messages.size());
            for (IncomingMessage message : messages) {
                // Transports echo each reply back as a message of the bot's own, which the pipeline skips anyway:
                // dropped here, on the transport's thread, an echo costs no write to the inbox and no hand-off.
                Optional<Outcome> own = spec.pipeline().skipsOwnMessage(message);
                if (own.isPresent()) {
                    log.debug("Skipped message {}: written by the bot's own account", message.id());
                    tell(message, own.get());
                } else {
                    others.add(message);
                }
            }
            if (!others.isEmpty()) {
                intake.accept(others);
            }
        }

        @Override
        public void onMessage(IncomingMessage message) {
            onMessages(List.of(message));
        }

        @Override
        public void onLoginQrCode(LoginQrCode qrCode) {
            update(state -> state.waitingForScan(qrCode, clock.instant()));
        }

        @Override
        public void onLoginScanned() {
            update(state -> state.scanned(clock.instant()));
        }

        @Override
        public void onNextLoginAt(Instant at) {
            update(state -> state.nextAttemptAt(at));
        }

        @Override
        public void onLogin(BotAccount bot) {
            account.set(bot);
            logLogin(name(), bot, spec.pipeline());
            update(state -> state.loggedIn(bot, clock.instant()));
            markHeard(this);
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
