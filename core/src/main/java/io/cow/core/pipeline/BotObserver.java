package io.cow.core.pipeline;

import io.cow.core.message.IncomingMessage;

/**
 * Watches a running bot's messages without taking part: what became of each. The console, the metrics and the
 * alerts listen here; logins, logouts and QR codes are watched at {@link io.cow.core.login.LoginStates}. Called on
 * the bot's threads, it must return quickly; an observer that throws is logged and does not disturb the bot.
 */
public interface BotObserver {

    /** A message went through the pipeline; {@code outcome} says what became of it. */
    default void handled(IncomingMessage message, Outcome outcome) {
    }

    /** The bot handles no more messages and is about to close what it used (the store): write what is gathered now. */
    default void stopped() {
    }
}
