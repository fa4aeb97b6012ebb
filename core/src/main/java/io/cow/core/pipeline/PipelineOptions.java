package io.cow.core.pipeline;

import io.cow.core.access.AccessRules;
import io.cow.core.config.CoreSettings;
import io.cow.core.config.Settings;
import io.cow.core.reply.MarkdownMode;
import io.cow.core.reply.ReplyLimits;

import java.time.Instant;

/**
 * The pipeline's behaviour, read once from the settings.
 *
 * @param triggerKeyword private-chat keyword; in groups it follows the mention
 * @param selfChat       answer the bot's own messages too
 * @param quoteInGroups  start group answers with the question and a rule
 * @param errorMessage   what the chat gets when the model fails
 * @param replyLimits    message size and count, unless the channel has its own
 * @param truncatedNote  ends an answer that was cut to fit the channel
 * @param startedAt      messages created before this are never answered
 * @param commandPrefix  starts the commands the bot answers itself, such as {@code #reset}
 * @param access         which chats are answered
 * @param markdown       whether the model's Markdown is turned into plain WeChat text or sent as it is
 */
public record PipelineOptions(String triggerKeyword, boolean selfChat, boolean quoteInGroups, String errorMessage,
                              ReplyLimits replyLimits, String truncatedNote, Instant startedAt, String commandPrefix,
                              AccessRules access, MarkdownMode markdown) {

    /** Options that send the model's Markdown as plain WeChat text. */
    public PipelineOptions(String triggerKeyword, boolean selfChat, boolean quoteInGroups, String errorMessage,
                           ReplyLimits replyLimits, String truncatedNote, Instant startedAt, String commandPrefix,
                           AccessRules access) {
        this(triggerKeyword, selfChat, quoteInGroups, errorMessage, replyLimits, truncatedNote, startedAt, commandPrefix,
                access, MarkdownMode.PLAIN);
    }

    /** Options that answer every chat and send the model's Markdown as plain WeChat text. */
    public PipelineOptions(String triggerKeyword, boolean selfChat, boolean quoteInGroups, String errorMessage,
                           ReplyLimits replyLimits, String truncatedNote, Instant startedAt, String commandPrefix) {
        this(triggerKeyword, selfChat, quoteInGroups, errorMessage, replyLimits, truncatedNote, startedAt, commandPrefix,
                AccessRules.EVERYONE, MarkdownMode.PLAIN);
    }

    /** Options with the default command prefix {@code #}. */
    public PipelineOptions(String triggerKeyword, boolean selfChat, boolean quoteInGroups, String errorMessage,
                           ReplyLimits replyLimits, String truncatedNote, Instant startedAt) {
        this(triggerKeyword, selfChat, quoteInGroups, errorMessage, replyLimits, truncatedNote, startedAt,
                CoreSettings.COMMAND_PREFIX.defaultValue());
    }

    /** A longer question is quoted in a group answer by its first this many characters and "…". */
    public static final int MAX_QUOTE = 200;

    /** The separator between the quoted question and the answer in groups (contract row 4). */
    public static final String GROUP_QUOTE_RULE = "\n----------\n";

    public static PipelineOptions from(Settings settings, Instant startedAt) {
        return new PipelineOptions(
                settings.get(CoreSettings.TRIGGER_KEYWORD),
                settings.get(CoreSettings.SELF_CHAT),
                settings.get(CoreSettings.REPLY_QUOTE_IN_GROUPS),
                settings.get(CoreSettings.ERROR_MESSAGE),
                new ReplyLimits(settings.get(CoreSettings.REPLY_CHUNK_SIZE), settings.get(CoreSettings.REPLY_MAX_PARTS)),
                settings.get(CoreSettings.REPLY_TRUNCATED_NOTE),
                startedAt,
                settings.get(CoreSettings.COMMAND_PREFIX),
                AccessRules.of(settings.get(CoreSettings.ACCESS_ALLOW), settings.get(CoreSettings.ACCESS_DENY)),
                MarkdownMode.of(settings.get(CoreSettings.REPLY_MARKDOWN)));
    }
}
