package io.cow.core.pipeline;

import io.cow.core.channel.LoginQrCode;
import io.cow.core.message.BotAccount;
import io.cow.core.message.IncomingMessage;

/**
 * Watches a running bot without taking part: what became of each message, and the channel's login events. The
 * console, the metrics and the alerts listen here. Methods are called on the bot's threads and must return quickly;
 * an observer that throws is logged and does not disturb the bot.
 */
public interface BotObserver {

    /** A message went through the pipeline; {@code outcome} says what became of it. */
    default void handled(IncomingMessage message, Outcome outcome) {
    }

    /** The channel needs this QR code scanned. */
    default void loginQrCode(String channel, LoginQrCode qrCode) {
    }

    /** The channel is logged in. */
    default void loggedIn(String channel, BotAccount account) {
    }

    /** The channel was logged out, for this reason. */
    default void loggedOut(String channel, String reason) {
    }
}
