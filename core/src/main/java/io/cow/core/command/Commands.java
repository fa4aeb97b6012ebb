package io.cow.core.command;

import io.cow.core.conversation.ConversationMemory;
import io.cow.core.message.IncomingMessage;
import io.cow.core.trigger.TriggerRules;

import java.util.Locale;
import java.util.Optional;

/**
 * The commands the bot answers itself, without the model: {@code #reset} and {@code #清除记忆} forget the
 * current conversation, {@code #help} lists the commands ({@code #} is the configurable prefix).
 *
 * <p>A command is asked like a question: in a group it needs the mention (and the keyword, if one is set).
 * In a private chat it also works without the keyword, since nobody else can be addressed there. Text that
 * starts with the prefix but names no command is not a command; it goes on to the plugins and the model.
 */
public final class Commands {

    static final String RESET_REPLY = "🧹 记忆已清除，我们重新开始吧。/ Memory cleared: the next question starts a new conversation.";

    private final String prefix;
    private final ConversationMemory memory;

    public Commands(String prefix, ConversationMemory memory) {
        this.prefix = prefix;
        this.memory = memory;
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

    private Optional<String> run(String text, IncomingMessage message) {
        String name = text.substring(prefix.length()).strip().toLowerCase(Locale.ROOT);
        switch (name) {
            case "reset", "清除记忆" -> {
                memory.reset(message);
                return Optional.of(RESET_REPLY);
            }
            case "help" -> {
                return Optional.of(help());
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    /** The list of commands, as {@code #help} answers. */
    public String help() {
        return "Commands / 命令:\n"
                + prefix + "reset or " + prefix + "清除记忆 – forget this conversation and start a new one / 清除记忆，重新开始\n"
                + prefix + "help – this list / 显示本帮助";
    }
}
