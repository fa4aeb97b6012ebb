package io.cow.ilink;

import io.cow.core.channel.Channel;
import io.cow.core.channel.ChannelContext;
import io.cow.core.channel.ChannelProvider;
import io.cow.core.config.Setting;
import io.cow.ilink.login.ConsoleVerifyCodeSource;
import io.cow.ilink.login.VerifyCodeSource;

import java.util.List;

/** The {@code ilink} channel: Tencent's official bot API for personal WeChat (ClawBot), private chats only. */
public final class IlinkChannelProvider implements ChannelProvider {

    @Override
    public String name() {
        return IlinkChannel.NAME;
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
    public Channel create(ChannelContext context) {
        return create(context, new ConsoleVerifyCodeSource());
    }

    /** The channel, with the verification number of a login coming from somewhere else than the terminal. */
    public IlinkChannel create(ChannelContext context, VerifyCodeSource verifyCodes) {
        return new IlinkChannel(IlinkConfig.from(context.settings()), context.dataDir(), context.state(), context.clock(), verifyCodes);
    }
}
