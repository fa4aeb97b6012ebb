package io.cow.core.plugin;

import io.cow.core.message.IncomingMessage;

import java.util.Optional;

/**
 * What a plugin is asked about.
 *
 * @param message  the message, as the channel delivered it
 * @param question the question with trigger and quote cut off, when the message triggers the bot
 */
public record PluginRequest(IncomingMessage message, Optional<String> question) {
}
