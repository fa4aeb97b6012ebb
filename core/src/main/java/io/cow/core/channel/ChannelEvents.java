package io.cow.core.channel;

import io.cow.core.message.BotAccount;
import io.cow.core.message.IncomingMessage;

/** What a channel reports to the bot. Implementations are thread-safe. */
public interface ChannelEvents {

    /**
     * A message arrived. May block for a while when the bot is far behind, which slows the transport's
     * polling down instead of losing messages.
     */
    void onMessage(IncomingMessage message);

    /** A QR code must be scanned to log in (also each new one that replaces an expired one). */
    void onLoginQrCode(LoginQrCode qrCode);

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
