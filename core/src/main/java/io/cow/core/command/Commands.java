package io.cow.core.command;

import io.cow.core.chat.ChatProfile;
import io.cow.core.chat.ChatProfiles;
import io.cow.core.control.ControlCommands;
import io.cow.core.conversation.ConversationMemory;
import io.cow.core.message.IncomingMessage;
import io.cow.core.trigger.TriggerRules;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The commands the bot answers itself, without the model: {@code #reset} and {@code #清除记忆} forget the
 * current conversation, {@code #help} lists the commands, and for the owner {@code #model} and {@code #persona}
 * change the chat's model profile and system prompt ({@code #} is the configurable prefix).
 *
 * <p>A command is asked like a question: in a group it needs the mention (and the keyword, if one is set).
 * In a private chat it also works without the keyword, since nobody else can be addressed there. The owner, writing
 * from the bot's own account, needs neither. Text that starts with the prefix but names no command is not a command;
 * it goes on to the plugins and the model.
 */
public final class Commands {

    static final String RESET_REPLY = "🧹 记忆已清除，我们重新开始吧。/ Memory cleared: the next question starts a new conversation.";
    static final String REFUSED_REPLY = "⛔ 只有机器人账号本人可以更改本聊天的模型和人设。/ Only the bot's own account may change this chat's model or persona.";
    private static final int SHOWN_PERSONA = 300;

    private final String prefix;
    private final ConversationMemory memory;
    private final ChatProfiles chats;
    private final List<String> profiles;
    private final CommandAccess access;
    private final ControlCommands control;

    /** The conversation commands only. */
    public Commands(String prefix, ConversationMemory memory) {
        this(prefix, memory, null, List.of(), CommandAccess.BOT_ACCOUNT, null);
    }

    /**
     * @param chats    where {@code #model} and {@code #persona} keep what they set
     * @param profiles the model profiles {@code #model} may choose
     * @param access   who may use them (and the admin commands)
     * @param control  the admin commands, or null for none
     */
    public Commands(String prefix, ConversationMemory memory, ChatProfiles chats, List<String> profiles, CommandAccess access,
                    ControlCommands control) {
        this.prefix = prefix;
        this.memory = memory;
        this.chats = chats;
        this.profiles = List.copyOf(profiles);
        this.access = access;
        this.control = control;
    }

    /**
     * Runs the command the message gives, if it gives one.
     *
     * @param question what the trigger left of the message, empty when it did not trigger
     * @return the reply, or empty when the message is not a command
     */
    public Optional<String> run(IncomingMessage message, Optional<String> question) {
        return commandText(message, question).flatMap(text -> run(text, message));
    }

    /**
     * A command the owner wrote from the bot's own account into a chat, where no trigger is needed (the bot's own
     * messages are otherwise not answered).
     */
    public Optional<String> runOwn(IncomingMessage message) {
        return isOwnCommand(message) ? run(TriggerRules.afterQuote(message.text()).strip(), message) : Optional.empty();
    }

    /**
     * Whether the message is a command the owner wrote from the bot's own account ({@code #model}, {@code #persona},
     * the admin commands).
     */
    public boolean isOwnCommand(IncomingMessage message) {
        if (!message.fromSelf()) {
            return false;
        }
        String text = TriggerRules.afterQuote(message.text()).strip();
        if (!text.startsWith(prefix)) {
            return false;
        }
        String name = name(text);
        return chats != null && isChatSetting(name) || control != null && (control.names(name) || name.equals("help"));
    }

    private Optional<String> commandText(IncomingMessage message, Optional<String> question) {
        if (question.isPresent() && question.get().startsWith(prefix)) {
            return question;
        }
        if (!message.isGroup()) {
            String text = TriggerRules.afterQuote(message.text()).strip();
            if (text.startsWith(prefix)) {
                return Optional.of(text);
            }
        }
        return Optional.empty();
    }

    private String name(String text) {
        String rest = text.substring(prefix.length()).strip();
        int space = rest.indexOf(' ');
        return (space < 0 ? rest : rest.substring(0, space)).toLowerCase(Locale.ROOT);
    }

    private boolean isChatSetting(String name) {
        return name.equals("model") || name.equals("persona");
    }

    private Optional<String> run(String text, IncomingMessage message) {
        String name = name(text);
        String argument = text.substring(prefix.length()).strip().substring(name.length()).strip();
        if (control != null && control.names(name)) {
            return Optional.of(control.run(name, argument, message));
        }
        if (isChatSetting(name) && chats != null) {
            if (!access.maySetChat(message)) {
                // With admin commands, one refusal for every admin command: it does not say the command exists.
                return Optional.of(control != null ? control.unknown(message) : REFUSED_REPLY);
            }
            return Optional.of(name.equals("model") ? model(message, argument) : persona(message, argument));
        }
        if (!argument.isEmpty()) {
            return Optional.empty();
        }
        switch (name) {
            case "reset", "清除记忆" -> {
                memory.reset(message);
                return Optional.of(RESET_REPLY);
            }
            case "help" -> {
                return Optional.of(help(message));
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private String model(IncomingMessage message, String argument) {
        if (argument.isEmpty()) {
            ChatProfile now = chats.of(message);
            return "🤖 本聊天的模型 / Model profile of this chat: " + now.profile()
                    + "\n可选 / Profiles: " + String.join(", ", profiles)
                    + "\n" + prefix + "model <name> 更改 / changes it, " + prefix + "model reset 恢复配置 / goes back to the configured one";
        }
        if (argument.equalsIgnoreCase("reset")) {
            chats.set(message, ChatProfiles.PROFILE, null);
            return "✅ 本聊天恢复使用配置的模型 / This chat is answered by its configured profile again: " + chats.of(message).profile();
        }
        if (!profiles.contains(argument)) {
            return "❓ 没有名为 " + argument + " 的模型 / No model profile named '" + argument + "'. 可选 / Profiles: "
                    + String.join(", ", profiles);
        }
        chats.set(message, ChatProfiles.PROFILE, argument);
        return "✅ 本聊天改用模型 / This chat is now answered by profile: " + argument;
    }

    private String persona(IncomingMessage message, String argument) {
        if (argument.isEmpty()) {
            String persona = chats.of(message).systemPrompt();
            return "🎭 本聊天的人设 / Persona (system prompt) of this chat:\n"
                    + (persona.length() > SHOWN_PERSONA ? persona.substring(0, SHOWN_PERSONA) + "…" : persona)
                    + "\n" + prefix + "persona <text> 更改 / changes it, " + prefix + "persona reset 恢复配置 / goes back to the configured one";
        }
        if (argument.equalsIgnoreCase("reset")) {
            chats.set(message, ChatProfiles.PERSONA, null);
            return "✅ 本聊天恢复使用配置的人设 / This chat has its configured persona again.";
        }
        chats.set(message, ChatProfiles.PERSONA, argument);
        return "✅ 本聊天的人设已更新 / This chat's persona is set.";
    }

    /** The list of commands the message's author may use, as {@code #help} answers. */
    public String help(IncomingMessage message) {
        String help = "Commands / 命令:\n"
                + prefix + "reset or " + prefix + "清除记忆 – forget this conversation and start a new one / 清除记忆，重新开始\n"
                + prefix + "help – this list / 显示本帮助";
        if (control != null) {
            boolean admin = access.maySetChat(message);
            help += "\n" + control.help(admin);
            if (admin && chats != null) {
                help += "\n" + prefix + "model [name|reset] – this chat's model profile / 本聊天的模型\n"
                        + prefix + "persona [text|reset] – this chat's persona / 本聊天的人设";
            }
            return help;
        }
        if (chats != null) {
            help += "\n" + prefix + "model [name|reset] – this chat's model profile (owner only) / 本聊天的模型（仅机器人账号）\n"
                    + prefix + "persona [text|reset] – this chat's persona (owner only) / 本聊天的人设（仅机器人账号）";
        }
        return help;
    }
}
