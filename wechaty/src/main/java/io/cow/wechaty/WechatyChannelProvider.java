package io.cow.wechaty;

import io.cow.core.channel.Channel;
import io.cow.core.channel.ChannelContext;
import io.cow.core.channel.ChannelProvider;
import io.cow.core.config.Setting;
import io.cow.core.config.Settings;

import java.util.List;

/** The {@code wechaty} channel: any Wechaty Puppet Service (paid or self-hosted gateways) over gRPC. */
public final class WechatyChannelProvider implements ChannelProvider<WechatyConfig> {

    @Override
    public String type() {
        return WechatyChannel.TYPE;
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
    public WechatyConfig configure(Settings settings) {
        return WechatyConfig.from(settings);
    }

    @Override
    public Channel create(WechatyConfig config, ChannelContext context) {
        return new WechatyChannel(context.name(), config, context.clock(), context.outbox(), context.governor());
    }
}
