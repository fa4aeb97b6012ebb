package io.cow.core.control;

import io.cow.core.filter.NoiseFilter;
import io.cow.core.message.IncomingMessage;
import io.cow.core.pipeline.Outcome;

import java.util.Locale;

/**
 * Says in a few words why a message got no answer from the model. The pipeline names the outcome; for the outcomes
 * that have several causes (noise, no trigger) this looks at the message again, which costs little and only happens
 * for messages that were not answered.
 */
public final class SkipReasons {

    private final NoiseFilter noise;

    public SkipReasons(boolean selfChat) {
        this.noise = new NoiseFilter(selfChat);
    }

    public String reason(IncomingMessage message, Outcome outcome) {
        return switch (outcome) {
            case DUPLICATE -> "duplicate: delivered again; the first delivery was taken in and handled";
            case BEFORE_START -> "before start: written before the bot listened (history is not answered)";
            case NOT_ALLOWED -> "not allowed: the access lists do not allow this chat";
            case PAUSED -> "paused: an admin paused the bot in this chat (#resume ends it)";
            case TAKEN_OVER -> "taken over: the owner wrote in this chat by hand, the bot keeps quiet for a while";
            case RATE_LIMITED -> "rate limit: too many questions in a short time";
            case OVER_QUOTA -> "quota: today's quota is used up";
            case BANNED_WORD -> "banned word: the question has a word on banwords.questions";
            case INTERRUPTED -> "interrupted: the bot stopped while answering; the next start answers it";
            case ECHO -> "echo: the bot's own reply";
            case NOISE -> "noise: " + noise.reason(message).orElse("not a text message");
            case COMMAND -> "command: answered without the model";
            case PLUGIN -> "plugin: a plugin answered instead of the model";
            case NOT_TRIGGERED -> notTriggered(message);
            case EMPTY_QUESTION -> "no question: nothing after the trigger";
            case FAILED -> "error: the model failed; the chat got the error message";
            case ANSWERED -> "answered";
            case MEDIA_KEPT -> "picture: kept for the question that may follow";
            case MEDIA_SKIPPED -> "attachment skipped: too large, corrupt, of an unknown type or not transcribed";
        };
    }

    private static String notTriggered(IncomingMessage message) {
        if (!message.isGroup()) {
            return "no keyword: the message does not start with the trigger keyword";
        }
        return mentioned(message)
                ? "no keyword: the bot is mentioned, but the keyword does not follow"
                : "not mentioned: group messages must start with @" + (message.botNames().isEmpty() ? "<bot>" : message.botNames().get(0));
    }

    private static boolean mentioned(IncomingMessage message) {
        if (message.mentionsBot()) {
            return true;
        }
        String text = message.text().strip().toLowerCase(Locale.ROOT);
        return message.botNames().stream().anyMatch(name -> text.startsWith("@" + name.toLowerCase(Locale.ROOT)));
    }
}
