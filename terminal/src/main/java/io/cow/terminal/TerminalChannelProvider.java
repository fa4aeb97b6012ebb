package io.cow.terminal;

import io.cow.core.channel.Channel;
import io.cow.core.channel.ChannelContext;
import io.cow.core.channel.ChannelProvider;
import io.cow.core.config.Setting;
import io.cow.core.config.SettingTypes;
import io.cow.core.config.Settings;
import io.cow.core.log.Terminals;

import java.util.List;

/** The {@code terminal} channel: standard input and output. */
public final class TerminalChannelProvider implements ChannelProvider<TerminalChannelProvider.Config> {

    public static final String TYPE = "terminal";

    public static final Setting<String> BOT_NAME = Setting.of("terminal.botName", SettingTypes.nonEmptyString(), "bot",
            "the bot's name in the terminal; in a group, mention it as @<name>");

    public static final Setting<String> USER_NAME = Setting.of("terminal.userName", SettingTypes.nonEmptyString(), "you",
            "your name in the terminal chat");

    /**
     * The terminal channel's configuration.
     *
     * @param botName  the bot's name
     * @param userName the user's name
     */
    public record Config(String botName, String userName) {
    }

    @Override
    public String type() {
        return TYPE;
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
    public Config configure(Settings settings) {
        return new Config(settings.get(BOT_NAME), settings.get(USER_NAME));
    }

    @Override
    public Channel create(Config config, ChannelContext context) {
        return new TerminalChannel(context.name(), System.in, System.out, config.botName(), config.userName(),
                context.clock(), Terminals.interactive());
    }
}
