package io.cow.web;

import io.cow.core.channel.Channel;
import io.cow.core.channel.ChannelContext;
import io.cow.core.channel.ChannelProvider;
import io.cow.core.config.Setting;
import io.cow.core.config.Settings;

import java.util.List;

/** The {@code web} channel: web WeChat in UOS desktop mode, the default channel. */
public final class WebChannelProvider implements ChannelProvider<WebOptions> {

    @Override
    public String type() {
        return WebChannel.TYPE;
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
    public WebOptions configure(Settings settings) {
        return WebOptions.from(settings);
    }

    @Override
    public Channel create(WebOptions options, ChannelContext context) {
        return new WebChannel(context.name(), options, context.state(), context.clock(), context.outbox(), context.governor());
    }
}
