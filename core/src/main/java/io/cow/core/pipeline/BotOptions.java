package io.cow.core.pipeline;

import io.cow.core.config.CoreSettings;
import io.cow.core.config.Settings;

import java.time.Duration;

/**
 * How the bot takes messages in and stops, read once from the settings.
 *
 * @param workerThreads  answers in progress at once
 * @param maxPending     messages waiting for an answer before the channel is slowed down
 * @param inboxMaxAge    after a restart, messages taken in this recently and not answered yet are answered; older
 *                       ones are dropped
 * @param shutdownGrace  on stop, how long answers in progress and queued replies may take before the process ends
 * @param inputMaxChars  longer incoming texts are cut to this many characters
 */
public record BotOptions(int workerThreads, int maxPending, Duration inboxMaxAge, Duration shutdownGrace, int inputMaxChars) {

    /**
     * Threads for the pipelines' own work (filters, store reads and writes). Answers waiting for the model hold none,
     * so this does not bound how many are in flight: the model profiles' adaptive limits do ({@code model.concurrency}).
     */
    public static final int WORKER_THREADS = 4;

    public static BotOptions from(Settings settings) {
        return new BotOptions(WORKER_THREADS, settings.get(CoreSettings.MAX_PENDING),
                settings.get(CoreSettings.INBOX_MAX_AGE), settings.get(CoreSettings.SHUTDOWN_GRACE),
                settings.get(CoreSettings.INPUT_MAX_CHARS));
    }

    /** The defaults, with this concurrency and queue bound. */
    public static BotOptions defaults(int workerThreads, int maxPending) {
        return new BotOptions(workerThreads, maxPending, CoreSettings.INBOX_MAX_AGE.defaultValue(),
                CoreSettings.SHUTDOWN_GRACE.defaultValue(), CoreSettings.INPUT_MAX_CHARS.defaultValue());
    }
}
