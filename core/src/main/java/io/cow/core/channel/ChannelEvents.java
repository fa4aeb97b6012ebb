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

    /** A QR code must be scanned to log in. */
    void onLoginQrCode(LoginQrCode qrCode);

    /** The bot is logged in. */
    void onLogin(BotAccount account);

    /** The bot was logged out; the channel says whether it will try to log in again. */
    void onLogout(String reason);
}
