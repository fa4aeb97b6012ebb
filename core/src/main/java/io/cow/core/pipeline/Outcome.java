package io.cow.core.pipeline;

/**
 * What became of a message: what the pipeline did with it, or, for the first two, why the bot's intake let it go
 * before the pipeline saw it.
 */
public enum Outcome {
    /** The transport delivered it again: the inbox took it in before (the first delivery got the answer). */
    DUPLICATE,
    /** Written before the bot listened (contract row 7: no replay of history after a restart). */
    BEFORE_START,
    /** The bot's own reply, echoed back by the transport. */
    ECHO,
    /** Not text, a notice, an official account, ... */
    NOISE,
    /** From a chat the access lists do not allow. */
    NOT_ALLOWED,
    /** An admin paused the bot in this chat, or everywhere. */
    PAUSED,
    /** The owner wrote in this chat by hand lately: the bot keeps quiet there. */
    TAKEN_OVER,
    /** Over a rate limit (of the chat or the person). */
    RATE_LIMITED,
    /** Over a daily quota (of the person or the group), with no fallback profile. */
    OVER_QUOTA,
    /** The question has a banned word. */
    BANNED_WORD,
    /** A picture, kept for the question its sender may ask next. */
    MEDIA_KEPT,
    /** An attachment that could not be taken: too large, corrupt, of an unknown type, not transcribed. */
    MEDIA_SKIPPED,
    /** A command (such as {@code #reset}) answered it, without the model. */
    COMMAND,
    /** A plugin answered it. */
    PLUGIN,
    /** It does not start with the trigger. */
    NOT_TRIGGERED,
    /** It triggered, but nothing was left to ask. */
    EMPTY_QUESTION,
    /** The model answered and the answer was queued for sending. */
    ANSWERED,
    /** The model failed; the chat got the error message. */
    FAILED,
    /** The bot stopped while answering; the next start answers it again. */
    INTERRUPTED
}
