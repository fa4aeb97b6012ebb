package io.cow.web;

import io.cow.core.channel.Channel;
import io.cow.core.channel.ChannelContext;
import io.cow.core.channel.ChannelProvider;
import io.cow.core.config.Setting;

import java.util.List;

/** The {@code web} channel: web WeChat in UOS desktop mode, the default channel. */
public final class WebChannelProvider implements ChannelProvider {

    @Override
    public String name() {
        return WebChannel.NAME;
    }

    @Override
    public String description() {
        return "web WeChat (UOS desktop mode): scan a QR code; private and group chats";
    }

    @Override
    public List<Setting<?>> settings() {
        return WebSettings.all();
    }

    @Override
    public Channel create(ChannelContext context) {
        return new WebChannel(WebOptions.from(context.settings()), context.state(), context.clock());
    }
}
