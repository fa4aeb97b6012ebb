package io.cow.core.control;

import io.cow.core.access.AccessRules;
import io.cow.core.config.Setting;
import io.cow.core.config.SettingType;
import io.cow.core.config.SettingTypes;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

import static io.cow.core.config.SettingTypes.duration;
import static io.cow.core.config.SettingTypes.integer;
import static io.cow.core.config.SettingTypes.oneOf;
import static io.cow.core.config.SettingTypes.string;
import static io.cow.core.config.SettingTypes.stringList;

/** The keys of the owner's controls: admins, quotas, rate limits, takeover, the send governor, banned words. */
public final class ControlSettings {

    public static final String DEFAULT_QUOTA_NOTICE =
            "⏳ 今天的额度已用完，明天再来吧。/ You have reached today's limit; the bot answers again tomorrow.";
    public static final String DEFAULT_BANNED_QUESTION_REPLY = "🙊 这个问题我不能回答。/ I cannot answer that.";
    public static final String DEFAULT_WITHHELD_REPLY = "🙊 回答包含不宜发送的内容，已撤回。/ The answer was withheld.";

    public static final Setting<List<String>> ADMINS = Setting.of("admins", AccessRules.patternList(), List.of(),
            "who may use the admin commands besides the bot's own account: contacts by stable identity or name (patterns as in access.allow)");
    public static final Setting<DailyLimit> QUOTA_PER_PERSON = Setting.of("quota.perPersonDaily", DailyLimit.type(), DailyLimit.NONE,
            "how much one person may ask per day, e.g. '50 messages' or '20000 tokens' (0: no limit)");
    public static final Setting<DailyLimit> QUOTA_PER_GROUP = Setting.of("quota.perGroupDaily", DailyLimit.type(), DailyLimit.NONE,
            "how much one group may ask per day, all members together (0: no limit)");
    public static final Setting<String> QUOTA_FALLBACK_PROFILE = Setting.of("quota.fallbackProfile", string(), "",
            "the model profile that answers those over their quota (empty: they get no answer)");
    public static final Setting<String> QUOTA_NOTICE = Setting.of("quota.notice", string(), DEFAULT_QUOTA_NOTICE,
            "the reply, once per chat and day, when a quota is reached");
    public static final Setting<Rate> RATE_PER_CHAT = Setting.of("rateLimit.perChat", Rate.type(), Rate.NONE,
            "questions one chat may ask, e.g. '10/1m' (0: no limit)");
    public static final Setting<Rate> RATE_PER_PERSON = Setting.of("rateLimit.perPerson", Rate.type(), Rate.NONE,
            "questions one person may ask, e.g. '5/1m' (0: no limit)");
    public static final Setting<String> RATE_OVERFLOW = Setting.of("rateLimit.overflow", oneOf(List.of("drop", "queue")), "drop",
            "what happens to a question over the rate: drop it, or queue it until the rate allows (at most rateLimit.queueLimit per chat)");
    public static final Setting<Integer> RATE_QUEUE_LIMIT = Setting.of("rateLimit.queueLimit", integer(1, 10_000), 20,
            "questions of one chat that wait for the rate when rateLimit.overflow is queue; more are dropped");
    public static final Setting<Duration> TAKEOVER_QUIET_FOR = Setting.of("takeover.quietFor", duration(Duration.ZERO, Duration.ofDays(1)),
            Duration.ofMinutes(10), "how long the bot stays silent in a chat after the owner wrote there by hand (0: never)");
    public static final Setting<Integer> GOVERNOR_PER_MINUTE = Setting.of("governor.sendsPerMinute", integer(0, 10_000), 0,
            "messages one web/wechaty account sends in any minute at most (0: no budget)");
    public static final Setting<Integer> GOVERNOR_PER_DAY = Setting.of("governor.sendsPerDay", integer(0, 10_000_000), 0,
            "messages one web/wechaty account sends per day at most, counted from local midnight (0: no budget)");
    public static final Setting<String> GOVERNOR_QUIET_HOURS = Setting.of("governor.quietHours", QuietHours.type(), "",
            "local hours in which nothing is sent, e.g. '23:00-07:00' (replies wait until the end)");
    public static final Setting<Duration> GOVERNOR_JITTER = Setting.of("governor.jitter", duration(Duration.ZERO, Duration.ofMinutes(1)),
            Duration.ZERO, "a random extra pause of up to this long before each send of a web/wechaty account");
    public static final Setting<Duration> GOVERNOR_RISK_PAUSE = Setting.of("governor.riskPause", duration(Duration.ofSeconds(1), Duration.ofHours(1)),
            Duration.ofMinutes(1), "how long sending stops when WeChat says the account sends too often (1205); doubled each time it happens again, up to 1h");
    public static final Setting<Integer> GOVERNOR_QUEUE_LIMIT = Setting.of("governor.queueLimit", integer(1, 100_000), 500,
            "messages that may wait for the governor per account; more are not sent (and logged)");
    public static final Setting<List<String>> BANWORDS_QUESTIONS = Setting.of("banwords.questions", stringList(), List.of(),
            "questions containing one of these words are not asked (case-insensitive)");
    public static final Setting<String> BANWORDS_QUESTION_ACTION = Setting.of("banwords.questionAction", oneOf(List.of("skip", "reply")), "skip",
            "skip such a question silently, or reply with banwords.questionReply");
    public static final Setting<String> BANWORDS_QUESTION_REPLY = Setting.of("banwords.questionReply", string(), DEFAULT_BANNED_QUESTION_REPLY,
            "the reply to a question with a banned word when banwords.questionAction is reply");
    public static final Setting<List<String>> BANWORDS_ANSWERS = Setting.of("banwords.answers", stringList(), List.of(),
            "words that never go out in an answer (case-insensitive)");
    public static final Setting<String> BANWORDS_ANSWER_ACTION = Setting.of("banwords.answerAction", oneOf(List.of("mask", "withhold")), "mask",
            "mask such a word with *, or withhold the whole answer (it is then sent only once complete)");
    public static final Setting<String> BANWORDS_WITHHELD_REPLY = Setting.of("banwords.withheldReply", string(), DEFAULT_WITHHELD_REPLY,
            "what is sent instead of a withheld answer");
    public static final Setting<String> TIMEZONE = Setting.of("timezone", zone(), "",
            "the time zone of the bot's days (quotas reset at its midnight, quiet hours), e.g. Asia/Shanghai (empty: the system's)");

    private ControlSettings() {
    }

    /** Every control key, in the order check-config prints them. */
    public static List<Setting<?>> all() {
        return List.of(ADMINS, QUOTA_PER_PERSON, QUOTA_PER_GROUP, QUOTA_FALLBACK_PROFILE, QUOTA_NOTICE,
                RATE_PER_CHAT, RATE_PER_PERSON, RATE_OVERFLOW, RATE_QUEUE_LIMIT, TAKEOVER_QUIET_FOR,
                GOVERNOR_PER_MINUTE, GOVERNOR_PER_DAY, GOVERNOR_QUIET_HOURS, GOVERNOR_JITTER, GOVERNOR_RISK_PAUSE, GOVERNOR_QUEUE_LIMIT,
                BANWORDS_QUESTIONS, BANWORDS_QUESTION_ACTION, BANWORDS_QUESTION_REPLY,
                BANWORDS_ANSWERS, BANWORDS_ANSWER_ACTION, BANWORDS_WITHHELD_REPLY, TIMEZONE);
    }

    /** The zone {@code timezone} names, or the system's. */
    public static ZoneId zoneOf(String text) {
        return text == null || text.isBlank() ? ZoneId.systemDefault() : ZoneId.of(text.strip());
    }

    private static SettingType<String> zone() {
        SettingType<String> text = SettingTypes.string();
        return new SettingType<>() {
            @Override
            public String parse(Object raw) {
                String value = text.parse(raw).strip();
                try {
                    zoneOf(value);
                } catch (DateTimeException e) {
                    throw new IllegalArgumentException(e);
                }
                return value;
            }

            @Override
            public String allowed() {
                return "a time zone such as Asia/Shanghai, UTC or +08:00 (empty: the system's)";
            }
        };
    }
}
