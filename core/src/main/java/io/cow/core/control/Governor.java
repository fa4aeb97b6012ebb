package io.cow.core.control;

import io.cow.core.channel.kit.Durations;
import io.cow.core.channel.kit.Pacing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The account-safety governor of one account on an unofficial transport (web, wechaty), in front of the channel's
 * own {@link Pacing}: at most so many sends in any minute and per day, a random pause before each send, nothing in
 * quiet hours, and a pause of all sending that doubles each time WeChat says the account sends too often (web 1205).
 * Parts held back wait in the channel's send queue, in order; more than {@code queueLimit} waiting are refused (the
 * pipeline logs each). Decisions follow the bot's clock; a long wait is asked again at least every second, so a
 * moved clock (or a changed day) is seen soon.
 */
public final class Governor implements Pacing {

    private static final Logger log = LoggerFactory.getLogger(Governor.class);
    static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration ASK_AGAIN = Duration.ofSeconds(1);
    private static final Duration MAX_PAUSE = Duration.ofHours(1);
    /** After this long without a refusal, the next pause starts again from the first length. */
    private static final Duration STRIKES_FORGOTTEN = Duration.ofHours(1);
    private static final double WARN_AT = 0.8;

    private final String account;
    private final Pacing inner;
    private final GovernorOptions options;
    private final Clock clock;
    private final Random random;
    private final Consumer<String> warnings;
    /** Start times of the sends of the last minute, oldest first. */
    private final ArrayDeque<Instant> lastMinute = new ArrayDeque<>();
    /** Lanes whose next part was counted already (it then waits only for the channel's own pacing). */
    private final Map<String, Boolean> counted = new HashMap<>();
    /** Lanes whose next part drew its random pause: when it may go. */
    private final Map<String, Instant> jitteredUntil = new HashMap<>();
    private LocalDate day;
    private int sentToday;
    private boolean warnedToday;
    private Instant pausedUntil = Instant.MIN;
    private Instant lastStrike = Instant.MIN;
    private int strikes;

    /** The governor's settings. */
    public record GovernorOptions(int perMinute, int perDay, Optional<QuietHours> quietHours, Duration jitter,
                                  Duration riskPause, int queueLimit, ZoneId zone) {

        /** Whether it does anything beyond pausing after a refusal. */
        public boolean budgets() {
            return perMinute > 0 || perDay > 0 || quietHours.isPresent() || !jitter.isZero();
        }

        public static GovernorOptions from(io.cow.core.config.Settings settings) {
            return new GovernorOptions(settings.get(ControlSettings.GOVERNOR_PER_MINUTE), settings.get(ControlSettings.GOVERNOR_PER_DAY),
                    QuietHours.parse(settings.get(ControlSettings.GOVERNOR_QUIET_HOURS)), settings.get(ControlSettings.GOVERNOR_JITTER),
                    settings.get(ControlSettings.GOVERNOR_RISK_PAUSE), settings.get(ControlSettings.GOVERNOR_QUEUE_LIMIT),
                    ControlSettings.zoneOf(settings.get(ControlSettings.TIMEZONE)));
        }
    }

    /**
     * @param account  the channel instance, for the log
     * @param inner    the channel's own pacing, asked once the governor lets a part go
     * @param warnings told (besides the log) when the day's budget nears its end or the account is paused
     */
    public Governor(String account, Pacing inner, GovernorOptions options, Clock clock, Random random, Consumer<String> warnings) {
        this.account = account;
        this.inner = inner;
        this.options = options;
        this.clock = clock;
        this.random = random;
        this.warnings = warnings;
    }

    @Override
    public Duration before(String lane, long nowNanos) {
        Duration wait;
        synchronized (this) {
            wait = governed(lane);
        }
        if (!wait.isZero()) {
            return wait.compareTo(ASK_AGAIN) > 0 ? ASK_AGAIN : wait;
        }
        return inner.before(lane, nowNanos);
    }

    /** How long the lane's next part must wait for the governor; zero: it is counted and may go. */
    private Duration governed(String lane) {
        Instant now = clock.instant();
        if (counted.containsKey(lane)) {
            return Duration.ZERO;
        }
        if (now.isBefore(pausedUntil)) {
            return Duration.between(now, pausedUntil);
        }
        if (options.quietHours().isPresent()) {
            ZonedDateTime local = now.atZone(options.zone());
            if (options.quietHours().get().contains(local.toLocalTime())) {
                return Duration.between(now, options.quietHours().get().end(local).toInstant());
            }
        }
        newDay(now);
        if (options.perDay() > 0 && sentToday >= options.perDay()) {
            return Duration.between(now, day.plusDays(1).atStartOfDay(options.zone()).toInstant());
        }
        while (!lastMinute.isEmpty() && !lastMinute.peekFirst().plus(MINUTE).isAfter(now)) {
            lastMinute.removeFirst();
        }
        if (options.perMinute() > 0 && lastMinute.size() >= options.perMinute()) {
            return Duration.between(now, lastMinute.peekFirst().plus(MINUTE));
        }
        if (!options.jitter().isZero()) {
            Instant until = jitteredUntil.computeIfAbsent(lane, l -> now.plusMillis((long) (random.nextDouble() * options.jitter().toMillis())));
            if (now.isBefore(until)) {
                return Duration.between(now, until);
            }
            jitteredUntil.remove(lane);
        }
        counted.put(lane, Boolean.TRUE);
        lastMinute.addLast(now);
        sentToday++;
        warnNearTheEnd();
        return Duration.ZERO;
    }

    private void newDay(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, options.zone());
        if (!today.equals(day)) {
            day = today;
            sentToday = 0;
            warnedToday = false;
        }
    }

    private void warnNearTheEnd() {
        if (options.perDay() > 0 && !warnedToday && sentToday >= Math.ceil(options.perDay() * WARN_AT)) {
            warnedToday = true;
            warn("account " + account + " has sent " + sentToday + " of its " + options.perDay()
                    + " messages for today (governor.sendsPerDay); at the budget, replies wait until midnight");
        }
    }

    private void warn(String text) {
        log.warn("⚠️ Governor: {}", text);
        try {
            warnings.accept(text);
        } catch (RuntimeException e) {
            log.error("❌ Could not pass on a governor warning: {}", e.toString(), e);
        }
    }

    @Override
    public void after(String lane, long nowNanos) {
        synchronized (this) {
            counted.remove(lane);
        }
        inner.after(lane, nowNanos);
    }

    @Override
    public void tooFrequent(long nowNanos) {
        Duration pause;
        synchronized (this) {
            Instant now = clock.instant();
            if (now.isBefore(pausedUntil)) {
                return;
            }
            if (Duration.between(lastStrike, now).compareTo(STRIKES_FORGOTTEN) > 0) {
                strikes = 0;
            }
            lastStrike = now;
            pause = options.riskPause().multipliedBy(1L << Math.min(strikes, 20));
            pause = pause.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause;
            strikes++;
            pausedUntil = now.plus(pause);
        }
        warn("WeChat says account " + account + " sends too often; all its sending pauses for " + Durations.format(pause));
    }

    @Override
    public synchronized Duration paused(long nowNanos) {
        Instant now = clock.instant();
        return now.isBefore(pausedUntil) ? Duration.between(now, pausedUntil) : Duration.ZERO;
    }

    @Override
    public boolean admits(int waiting) {
        return waiting < options.queueLimit();
    }

    /** Sends counted today (for tests and the log). */
    synchronized int sentToday() {
        newDay(clock.instant());
        return sentToday;
    }
}
