package io.cow.terminal;

import io.cow.core.channel.Channel;
import io.cow.core.channel.ChannelContext;
import io.cow.core.channel.ChannelProvider;
import io.cow.core.config.Setting;
import io.cow.core.config.SettingTypes;

import java.util.List;

/** The {@code terminal} channel: standard input and output. */
public final class TerminalChannelProvider implements ChannelProvider {

    public static final Setting<String> BOT_NAME = Setting.of("terminal.botName", SettingTypes.nonEmptyString(), "bot",
            "the bot's name in the terminal; in a group, mention it as @<name>");

    public static final Setting<String> USER_NAME = Setting.of("terminal.userName", SettingTypes.nonEmptyString(), "you",
            "your name in the terminal chat");

    @Override
    public String name() {
        return "terminal";
    }

    @Override
    public String description() {
        return "talk to the bot in this terminal (or through a pipe)";
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(BOT_NAME, USER_NAME);
    }

    @Override
    public Channel create(ChannelContext context) {
        return new TerminalChannel(System.in, System.out, context.settings().get(BOT_NAME),
                context.settings().get(USER_NAME), context.clock(), System.console() != null);
    }
}
