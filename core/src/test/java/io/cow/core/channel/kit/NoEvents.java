package io.cow.core.channel.kit;

import io.cow.core.channel.ChannelEvents;
import io.cow.core.channel.LoginQrCode;
import io.cow.core.message.BotAccount;
import io.cow.core.message.IncomingMessage;

/** Channel events that go nowhere: a test overrides the ones it watches. */
class NoEvents implements ChannelEvents {

    @Override
    public void onMessage(IncomingMessage message) {
    }

    @Override
    public void onLoginQrCode(LoginQrCode qrCode) {
    }

    @Override
    public void onLogin(BotAccount account) {
    }

    @Override
    public void onLogout(String reason) {
    }
}
