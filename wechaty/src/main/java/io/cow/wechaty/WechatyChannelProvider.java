package io.cow.wechaty;

import io.cow.core.channel.Channel;
import io.cow.core.channel.ChannelContext;
import io.cow.core.channel.ChannelProvider;
import io.cow.core.config.Setting;

import java.util.List;

/** The {@code wechaty} channel: any Wechaty Puppet Service (paid or self-hosted gateways) over gRPC. */
public final class WechatyChannelProvider implements ChannelProvider {

    @Override
    public String name() {
        return WechatyChannel.NAME;
    }

    @Override
    public String description() {
        return "a Wechaty Puppet Service (paid or self-hosted gateway) over gRPC";
    }

    @Override
    public List<Setting<?>> settings() {
        return WechatySettings.all();
    }

    @Override
    public Channel create(ChannelContext context) {
        return new WechatyChannel(WechatyConfig.from(context.settings()), context.clock());
    }
}
