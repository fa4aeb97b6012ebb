package io.cow.app.console;

import io.cow.app.config.ConfigLoader;
import io.cow.app.logging.LogTail;
import io.cow.app.monitor.Activity;
import io.cow.app.monitor.ChatDirectory;
import io.cow.app.monitor.ModelWatch;
import io.cow.core.channel.Channel;
import io.cow.core.config.Settings;
import io.cow.core.conversation.MemoryOptions;
import io.cow.core.login.LoginStates;
import io.cow.core.store.ChannelStateStore;
import io.cow.core.store.ConversationStore;
import io.cow.core.store.UsageStore;
import dev.langchain4j.model.TokenCountEstimator;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Everything the console reads, and the little it changes (a conversation forgotten, the password set).
 *
 * @param settings      the effective configuration
 * @param loaded        where it came from (for the config page), or null
 * @param activity      outcomes and skipped messages
 * @param model         the model calls' timings
 * @param logins        each channel's login
 * @param chats         the chats seen
 * @param conversations the conversations as the bot's memory reads them (the same instance, so forgetting is seen at once)
 * @param usage         token usage
 * @param state         where the console keeps its password hash
 * @param memory        the memory settings (for marking the turns the next question carries)
 * @param tokenizer     the tokenizer the memory counts with
 * @param triggers      each channel instance's trigger keyword, by instance name
 * @param pending       messages waiting for an answer
 * @param logs          the log tail, or null when the log is not kept
 * @param metrics       the Prometheus text of /metrics, or null without metrics
 * @param dataDir       the data folder (for the heartbeat's age)
 * @param startedAt     when the bot started
 * @param version       the bot's version
 * @param clock         the clock
 * @param channels      a channel instance by name, for "new QR now" and "log out"
 */
public record ConsoleSources(Settings settings, ConfigLoader.Loaded loaded, Activity activity, ModelWatch model,
                             LoginStates logins, ChatDirectory chats, ConversationStore conversations, UsageStore usage,
                             ChannelStateStore state, MemoryOptions memory, TokenCountEstimator tokenizer, Map<String, String> triggers,
                             IntSupplier pending, LogTail logs, Supplier<String> metrics, Path dataDir, Instant startedAt,
                             String version, Clock clock, Function<String, Optional<Channel>> channels) {

    /** Sources without access to the channels: the login page only shows their state. */
    public ConsoleSources(Settings settings, ConfigLoader.Loaded loaded, Activity activity, ModelWatch model,
                          LoginStates logins, ChatDirectory chats, ConversationStore conversations, UsageStore usage,
                          ChannelStateStore state, MemoryOptions memory, TokenCountEstimator tokenizer, Map<String, String> triggers,
                          IntSupplier pending, LogTail logs, Supplier<String> metrics, Path dataDir, Instant startedAt,
                          String version, Clock clock) {
        this(settings, loaded, activity, model, logins, chats, conversations, usage, state, memory, tokenizer, triggers, pending,
                logs, metrics, dataDir, startedAt, version, clock, name -> Optional.empty());
    }
}
