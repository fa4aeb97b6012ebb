package io.cow.app;

import io.cow.core.alert.Alerts;
import io.cow.core.channel.Channel;
import io.cow.core.channel.kit.PartSources;
import io.cow.core.model.Answerer;
import io.cow.core.store.UsageStore;

import java.util.Optional;

/**
 * Lets the console, the metrics and the alerts watch a bot as {@link BotAssembly} wires it: each method gets a part
 * and returns it, or a watching wrapper of it; {@link #assembled} gets the finished bot before it starts.
 */
interface BotWatch {

    /** Watches nothing. */
    BotWatch NONE = new BotWatch() {
    };

    /** The model as the pipeline asks it. */
    default Answerer model(Answerer model) {
        return model;
    }

    /** Where token usage is added up. */
    default UsageStore usage(UsageStore usage) {
        return usage;
    }

    /** The channel the pipeline sends replies through (the bot itself keeps the channel as it is). */
    default Channel replies(Channel channel) {
        return channel;
    }

    /** Where a channel's send queue keeps its parts (the durable outbox), as the channel is given it. */
    default PartSources sends(PartSources parts) {
        return parts;
    }

    /** The alert source the bot's alerts go through (other sinks join it), if the watcher has one. */
    default Optional<Alerts> alerts() {
        return Optional.empty();
    }

    /** The bot is wired and not started yet. */
    default void assembled(AssembledBot bot) {
    }
}
