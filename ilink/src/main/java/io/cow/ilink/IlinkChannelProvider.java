package io.cow.ilink;

import io.cow.core.channel.Channel;
import io.cow.core.channel.ChannelContext;
import io.cow.core.channel.ChannelProvider;
import io.cow.core.config.Setting;
import io.cow.core.config.Settings;
import io.cow.ilink.login.ConsoleVerifyCodeSource;
import io.cow.ilink.login.VerifyCodeSource;

import java.util.List;

/** The {@code ilink} channel: Tencent's official bot API for personal WeChat (ClawBot), private chats only. */
public final class IlinkChannelProvider implements ChannelProvider<IlinkConfig> {

    @Override
    public String type() {
        return IlinkChannel.TYPE;
    }

    @Override
    public String description() {
        return "official WeChat ClawBot (iLink) bot API: private chats only, no ban risk";
    }

    @Override
    public List<Setting<?>> settings() {
        return IlinkSettings.all();
    }

    @Override
    public IlinkConfig configure(Settings settings) {
        return IlinkConfig.from(settings);
    }

    @Override
    public Channel create(IlinkConfig config, ChannelContext context) {
        return create(config, context, new ConsoleVerifyCodeSource());
    }

    /** The channel, with the verification number of a login coming from somewhere else than the terminal. */
    public IlinkChannel create(IlinkConfig config, ChannelContext context, VerifyCodeSource verifyCodes) {
        return new IlinkChannel(context.name(), config, context.dataDir(), context.state(), context.clock(), verifyCodes,
                context.outbox());
    }
}
