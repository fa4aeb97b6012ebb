package io.cow.core.channel;

import io.cow.core.message.BotAccount;
import io.cow.core.message.IncomingMessage;

import java.time.Instant;
import java.util.List;

/** What a channel reports to the bot. Implementations are thread-safe. */
public interface ChannelEvents {

    /**
     * A batch of messages arrived, in the transport's order. Returns once the bot has taken them in durably (written
     * to its inbox in one transaction; while the store is failing, held in memory up to a bound and retried), so
     * that a channel moves its cursor or sync key past a batch only after this returns: what a transport delivered
     * is then never lost by a crash or a stop. Blocks while the bot is far behind, which slows the transport's
     * polling down instead of losing messages.
     */
    default void onMessages(List<IncomingMessage> messages) {
        messages.forEach(this::onMessage);
    }

    /** One message: a batch of one (see {@link #onMessages}). */
    void onMessage(IncomingMessage message);

    /** A QR code must be scanned to log in (also each new one that replaces an expired one). */
    void onLoginQrCode(LoginQrCode qrCode);

    /** The QR code was scanned; the login now waits for the confirmation on the phone. */
    default void onLoginScanned() {
    }

    /**
     * The channel waits before it asks for its next QR code (the relogin throttle: accounts that log in again and
     * again get restricted); it asks at {@code at}, or sooner when the owner asks for a new QR code.
     */
    default void onNextLoginAt(Instant at) {
    }

    /** The bot is logged in. */
    void onLogin(BotAccount account);

    /** The bot was logged out; the channel will try to log in again (usually with a new QR code). */
    void onLogout(String reason);

    /**
     * The transport refuses this account (web WeChat's 1203: web login barred): the channel stops trying until
     * the bot is restarted, so the owner must act. By default reported like a logout.
     */
    default void onLoginRefused(String reason) {
        onLogout(reason);
    }
}
