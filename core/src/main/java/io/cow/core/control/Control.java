package io.cow.core.control;

import io.cow.core.access.AccessRules;
import io.cow.core.command.CommandAccess;
import io.cow.core.message.IncomingMessage;
import io.cow.core.pipeline.Bot;
import io.cow.core.pipeline.BotObserver;
import io.cow.core.pipeline.Outcome;
import io.cow.core.store.ChatSettingsStore;
import io.cow.core.store.InMemoryChatSettingsStore;
import io.cow.core.store.InMemoryUsageStore;
import io.cow.core.store.UsageStore;
import io.cow.core.usage.UsageMeter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The owner's controls over who is answered and how much, one per bot (shared by its channel instances): access
 * lists changed by admins, pause, the owner's takeover, banned words, rate limits and daily quotas. The pipeline
 * asks it at three points ({@link #notAllowed}, {@link #silenced}, {@link #admit}); each "no" is a named
 * {@link Outcome} with a reason in words, which {@code #why} tells. Rules only: state is in the store's per-chat
 * settings and usage.
 */
public final class Control implements BotObserver {

    private static final Logger log = LoggerFactory.getLogger(Control.class);
    private static final int MAX_DETAILS = 10_000;

    final ControlOptions options;
    final Admins admins;
    final ControlState state;
    final Quotas quotas;
    private final RateLimits rates;
    final Takeover takeover;
    private final BannedWords questionWords;
    private final BannedWords answerWords;
    final Clock clock;
    final SkipReasons skipReasons = new SkipReasons(false);
    /** The reason in words of a decision taken on a message, until the bot reports what became of it. */
    private final Map<String, String> details = new ConcurrentHashMap<>();
    final Map<String, Why> lastByChat = new ConcurrentHashMap<>();
    final Map<String, Why> lastByName = new ConcurrentHashMap<>();
    /** Names seen lately (a person's or a group's), for commands that take a name: name → person/group key. */
    final Map<String, String> keysByName = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> queued = new ConcurrentHashMap<>();
    final Today today;
    volatile Bot bot;
    volatile String model = "";
    volatile Instant startedAt;

    /** What became of the last message of a chat or a person, for {@code #why}. */
    record Why(Instant at, String sender, String text, Outcome outcome, String reason) {
    }

    /** Today's message counts for {@code #status}. */
    static final class Today {
        private LocalDate day;
        private long messages;
        private long answered;

        synchronized void count(LocalDate date, boolean wasAnswered) {
            if (!date.equals(day)) {
                day = date;
                messages = 0;
                answered = 0;
            }
            messages++;
            if (wasAnswered) {
                answered++;
            }
        }

        synchronized long[] figures(LocalDate date) {
            return date.equals(day) ? new long[]{messages, answered} : new long[]{0, 0};
        }
    }

    public Control(ControlOptions options, ChatSettingsStore settings, UsageStore usage, Clock clock) {
        this.options = options;
        this.admins = new Admins(options.admins());
        this.state = new ControlState(settings);
        this.quotas = new Quotas(options.perPerson(), options.perGroup(), state, usage, clock, options.zone());
        this.rates = new RateLimits(options.perChat(), options.perPersonRate(), clock);
        this.takeover = new Takeover(options.quietFor(), clock);
        this.questionWords = new BannedWords(options.questionWords());
        this.answerWords = new BannedWords(options.answerWords());
        this.clock = clock;
        this.today = new Today();
        this.startedAt = clock.instant();
    }

    /** Controls that limit nothing, kept in memory: for pipelines made without them (tests, tools). */
    public static Control none(Clock clock) {
        return new Control(ControlOptions.defaults(), new InMemoryChatSettingsStore(), new InMemoryUsageStore(), clock);
    }

    /** Who may use the admin commands and {@code #model}/{@code #persona}: the bot's account and {@code admins:}. */
    public CommandAccess admins() {
        return admins;
    }

    /** The running bot, for {@code #status}; {@code model} names what answers by default. */
    public void attach(Bot bot, String model) {
        this.bot = bot;
        this.model = model;
        this.startedAt = clock.instant();
        bot.observe(this);
    }

    private static String id(IncomingMessage message) {
        return message.channel() + '\n' + message.id();
    }

    static String chatKey(IncomingMessage message) {
        return message.channel() + '\n' + message.chat().key();
    }

    private Optional<String> decided(IncomingMessage message, String reason) {
        if (details.size() > MAX_DETAILS) {
            // Taken when the bot reports the message's outcome: only a pipeline run without a bot leaves them here.
            details.clear();
        }
        details.put(id(message), reason);
        return Optional.of(reason);
    }

    /**
     * Whether the access lists refuse the chat, and why (naming the list): what admins listed with {@code #deny} and
     * {@code #allow} first, then the configured lists.
     */
    public Optional<String> notAllowed(IncomingMessage message, AccessRules configured) {
        Optional<String> stored = state.storedAccess(message.channel(), message.chat());
        if (stored.isPresent()) {
            return stored.get().isEmpty() ? Optional.empty() : decided(message, "not allowed: " + stored.get());
        }
        Optional<String> refused = configured.refusal(message.chat());
        return refused.isPresent() ? decided(message, "not allowed: " + refused.get()) : Optional.empty();
    }

    /** Whether the bot keeps quiet in the chat: paused by an admin, or the owner took it over lately. */
    public Optional<Verdict> silenced(IncomingMessage message) {
        if (state.pausedEverywhere()) {
            return Optional.of(hold(message, Outcome.PAUSED, "paused: an admin paused the bot everywhere (#resume all ends it)"));
        }
        if (state.paused(message.channel(), message.chat().key())) {
            return Optional.of(hold(message, Outcome.PAUSED, "paused: an admin paused the bot in this chat (#resume ends it)"));
        }
        Optional<Instant> quiet = takeover.quietUntil(message);
        return quiet.map(until -> hold(message, Outcome.TAKEN_OVER, "taken over: the owner wrote here by hand; the bot keeps quiet until "
                + until.atZone(options.zone()).toLocalTime().withNano(0) + " (#resume ends it)"));
    }

    private Verdict hold(IncomingMessage message, Outcome outcome, String reason) {
        decided(message, reason);
        return Verdict.skip(outcome, reason);
    }

    /**
     * The question the message asks may go to the model: banned words, then the rate limits, then the daily quotas.
     * A question let through counts against its asker's quota.
     */
    public Verdict admit(IncomingMessage message, String question) {
        Optional<String> banned = questionWords.first(question);
        if (banned.isPresent()) {
            String reason = "banned word: the question has '" + banned.get() + "' (banwords.questions)";
            log.info("🚫 Not asked ({}): {}", reason, message.id());
            decided(message, reason);
            return new Verdict(Outcome.BANNED_WORD, reason,
                    options.bannedReply().isEmpty() ? Optional.empty() : Optional.of(options.bannedReply()), null, java.time.Duration.ZERO);
        }
        java.time.Duration wait = java.time.Duration.ZERO;
        Optional<RateLimits.Wait> rate = Optional.empty();
        if (rates.any()) {
            boolean queue = options.queueOverRate() && queued(message).get() < options.queueLimit();
            rate = rates.take(message, queue);
            if (rate.isPresent() && !queue) {
                String reason = "rate limit: over " + rate.get().limit();
                log.info("🚦 Not asked ({}): {} in {}", reason, message.id(), message.chat().title());
                return hold(message, Outcome.RATE_LIMITED, reason);
            }
            wait = rate.map(RateLimits.Wait::duration).orElse(wait);
        }
        Optional<String> over = quotas.admit(message);
        if (over.isEmpty()) {
            if (!wait.isZero()) {
                queued(message).incrementAndGet();
            }
            return new Verdict(null, rate.map(r -> "queued by " + r.limit()).orElse(""), Optional.empty(), null, wait);
        }
        String reason = "quota: " + over.get();
        Optional<String> notice = quotas.firstNotice(message) ? Optional.of(options.quotaNotice()) : Optional.empty();
        if (!options.fallbackProfile().isEmpty()) {
            decided(message, reason + "; answered by the fallback profile " + options.fallbackProfile());
            return new Verdict(null, reason, notice, options.fallbackProfile(), wait);
        }
        log.info("⏳ Not asked ({}): {}", reason, message.id());
        decided(message, reason);
        return new Verdict(Outcome.OVER_QUOTA, reason, notice, null, java.time.Duration.ZERO);
    }

    private AtomicInteger queued(IncomingMessage message) {
        return queued.computeIfAbsent(chatKey(message), k -> new AtomicInteger());
    }

    /** A question that waited for the rate limit goes now. */
    public void waited(IncomingMessage message) {
        queued(message).decrementAndGet();
    }

    /**
     * An own message of the account that the bot did not send: the owner wrote it by hand, so the bot keeps quiet in
     * that chat for {@code takeover.quietFor}. The self chat (File Transfer, notes to oneself) is not a takeover.
     */
    public void ownerWrote(IncomingMessage message, boolean selfChat) {
        if (selfChat || !takeover.ownerWrote(message)) {
            return;
        }
        log.info("🙋 The owner wrote in {} by hand: the bot keeps quiet there for {}", message.chat().title(),
                io.cow.core.channel.kit.Durations.format(options.quietFor()));
    }

    /** Counts the tokens of each answer against the asker's quota too. */
    public UsageMeter counting(UsageMeter usage) {
        return (message, prompt, answer) -> {
            usage.record(message, prompt, answer);
            long tokens = answer.hasUsage() ? (long) answer.inputTokens() + answer.outputTokens()
                    : io.cow.core.usage.TokenEstimate.ofMessages(prompt) + io.cow.core.usage.TokenEstimate.ofText(answer.text());
            quotas.tokens(message, tokens);
        };
    }

    /** Whether answers pass through an {@link AnswerFilter}. */
    public boolean filtersAnswers() {
        return !answerWords.isEmpty();
    }

    /** The filter for one answer, in front of {@code sink}. */
    public AnswerFilter answerFilter(Consumer<String> sink) {
        return new AnswerFilter(answerWords, options.withhold(), options.withheldReply(), sink);
    }

    /** The admin commands, written with this prefix. */
    public ControlCommands commands(String prefix) {
        return new ControlCommands(this, prefix);
    }

    @Override
    public void handled(IncomingMessage message, Outcome outcome) {
        String detail = details.remove(id(message));
        if (message.fromSelf() || outcome == Outcome.ECHO || outcome == Outcome.COMMAND || letGoAtIntake(outcome)) {
            return;
        }
        today.count(quotas.today(), outcome == Outcome.ANSWERED);
        String reason = outcome == Outcome.ANSWERED ? (detail == null ? "answered" : "answered; " + detail)
                : detail != null ? detail : skipReasons.reason(message, outcome);
        Why why = new Why(clock.instant(), message.sender().name(), message.text(), outcome, reason);
        lastByChat.put(chatKey(message), why);
        remember(message.sender().name(), why, message.channel() + "\nperson\n" + message.sender().key());
        if (message.isGroup()) {
            remember(message.chat().title(), why, message.channel() + "\ngroup\n" + message.chat().key());
        } else {
            remember(message.chat().title(), why, message.channel() + "\nperson\n" + message.sender().key());
        }
    }

    /** Not a message of today's: delivered again, or written before the start; #status and #why leave them out. */
    private static boolean letGoAtIntake(Outcome outcome) {
        return outcome == Outcome.DUPLICATE || outcome == Outcome.BEFORE_START;
    }

    private void remember(String name, Why why, String key) {
        if (name == null || name.isBlank()) {
            return;
        }
        if (why != null) {
            lastByName.put(name, why);
        }
        keysByName.put(name, key);
    }
}
