package io.cow.core.control;

import io.cow.core.config.Settings;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

import static io.cow.core.control.ControlSettings.*;

/**
 * The owner's controls as configured, read once from the settings.
 *
 * @param admins          who besides the bot's account may use the admin commands
 * @param perPerson       a person's daily quota
 * @param perGroup        a group's daily quota
 * @param fallbackProfile the profile that answers those over quota; empty: they get no answer
 * @param quotaNotice     the reply once per chat and day when a quota is reached
 * @param perChat         a chat's rate limit
 * @param perPersonRate   a person's rate limit
 * @param queueOverRate   queue questions over a rate instead of dropping them
 * @param queueLimit      questions of one chat that may wait for the rate
 * @param quietFor        how long the bot keeps quiet after the owner wrote by hand; zero: never
 * @param questionWords   banned words in questions
 * @param bannedReply     the reply to a question with a banned word; empty: skipped silently
 * @param answerWords     banned words in answers
 * @param withhold        withhold an answer with a banned word instead of masking the word
 * @param withheldReply   what is sent instead of a withheld answer
 * @param zone            the time zone of the bot's days
 */
public record ControlOptions(List<String> admins, DailyLimit perPerson, DailyLimit perGroup, String fallbackProfile,
                             String quotaNotice, Rate perChat, Rate perPersonRate, boolean queueOverRate, int queueLimit,
                             Duration quietFor, List<String> questionWords, String bannedReply, List<String> answerWords,
                             boolean withhold, String withheldReply, ZoneId zone) {

    /** Nothing limited: only the bot's account is admin, no quotas, no rate limits, takeover after 10 minutes. */
    public static ControlOptions defaults() {
        return new ControlOptions(List.of(), DailyLimit.NONE, DailyLimit.NONE, "", DEFAULT_QUOTA_NOTICE, Rate.NONE, Rate.NONE,
                false, 20, TAKEOVER_QUIET_FOR.defaultValue(), List.of(), "", List.of(), false, DEFAULT_WITHHELD_REPLY,
                ZoneId.systemDefault());
    }

    /** The same options in another time zone. */
    public ControlOptions withZone(ZoneId other) {
        return new ControlOptions(admins, perPerson, perGroup, fallbackProfile, quotaNotice, perChat, perPersonRate, queueOverRate,
                queueLimit, quietFor, questionWords, bannedReply, answerWords, withhold, withheldReply, other);
    }

    public static ControlOptions from(Settings settings) {
        return new ControlOptions(
                settings.get(ADMINS),
                settings.get(QUOTA_PER_PERSON),
                settings.get(QUOTA_PER_GROUP),
                settings.get(QUOTA_FALLBACK_PROFILE).strip(),
                settings.get(QUOTA_NOTICE),
                settings.get(RATE_PER_CHAT),
                settings.get(RATE_PER_PERSON),
                settings.get(RATE_OVERFLOW).equals("queue"),
                settings.get(RATE_QUEUE_LIMIT),
                settings.get(TAKEOVER_QUIET_FOR),
                settings.get(BANWORDS_QUESTIONS),
                settings.get(BANWORDS_QUESTION_ACTION).equals("reply") ? settings.get(BANWORDS_QUESTION_REPLY) : "",
                settings.get(BANWORDS_ANSWERS),
                settings.get(BANWORDS_ANSWER_ACTION).equals("withhold"),
                settings.get(BANWORDS_WITHHELD_REPLY),
                zoneOf(settings.get(TIMEZONE)));
    }
}
