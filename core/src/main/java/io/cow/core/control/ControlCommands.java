package io.cow.core.control;

import io.cow.core.access.AccessRules;
import io.cow.core.login.LoginState;
import io.cow.core.message.IncomingMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The admin commands ({@code #status}, {@code #pause}, {@code #resume}, {@code #allow}, {@code #deny}, {@code #quota},
 * {@code #why}) and {@code #usage}, which everyone may use for themselves. An admin command from someone who is not
 * an admin gets the same answer as a command that does not exist: it is not revealed.
 */
public final class ControlCommands {

    private static final Logger log = LoggerFactory.getLogger(ControlCommands.class);
    static final String UNKNOWN = "❓ 未知命令 / Unknown command.";
    private static final Set<String> ADMIN_ONLY = Set.of("status", "pause", "resume", "allow", "deny", "quota", "why");
    private static final Pattern QUOTA = Pattern.compile("(.+?)\\s+((\\d+\\s*(messages?|tokens?)(\\s*(per|/|a)\\s*day)?)|0|none|off)",
            Pattern.CASE_INSENSITIVE);
    private static final int SHOWN_TEXT = 60;

    private final Control control;
    private final String prefix;

    ControlCommands(Control control, String prefix) {
        this.control = control;
        this.prefix = prefix;
    }

    /** Whether the name is one of these commands. */
    public boolean names(String name) {
        return ADMIN_ONLY.contains(name) || name.equals("usage");
    }

    /** What a command gets when its author may not use it: the same as a command that does not exist. */
    public String unknown(IncomingMessage message) {
        return UNKNOWN;
    }

    /** Runs a command of this set; the reply. */
    public String run(String name, String argument, IncomingMessage message) {
        boolean admin = control.admins.isAdmin(message);
        if (ADMIN_ONLY.contains(name) && !admin) {
            log.info("⛔ Admin command {} refused to {} (not an admin)", name, message.sender().name());
            return unknown(message);
        }
        String reply = switch (name) {
            case "status" -> status();
            case "pause" -> pause(message, argument);
            case "resume" -> resume(message, argument);
            case "allow" -> access(message, argument, true);
            case "deny" -> access(message, argument, false);
            case "quota" -> quota(argument);
            case "why" -> why(message, argument);
            default -> usage(message, admin ? argument : "");
        };
        if (ADMIN_ONLY.contains(name)) {
            log.info("🛡️ Admin {} ran {}{} in {}", message.fromSelf() ? "(the bot's account)" : message.sender().name(), prefix + name,
                    argument.isEmpty() ? "" : " " + argument, message.chat().title());
        }
        return reply;
    }

    /** The help lines of these commands, for an admin or not. */
    public String help(boolean admin) {
        String usage = prefix + "usage – your questions and tokens today / 你今天的用量";
        if (!admin) {
            return usage;
        }
        return prefix + "usage [name|group] – today's usage / 今日用量\n"
                + prefix + "status – logins, uptime, messages, model, queue / 运行状态\n"
                + prefix + "pause [all] / " + prefix + "resume [all] – silence this chat or every chat / 暂停、恢复\n"
                + prefix + "allow <name> / " + prefix + "deny <name> – answer or ignore a chat (kept) / 允许、拒绝\n"
                + prefix + "quota <who> <n> messages|tokens per day – a person's or group's quota / 设置额度\n"
                + prefix + "why [name] – why the last message got no answer / 为什么没回答";
    }

    private String status() {
        StringBuilder out = new StringBuilder("📊 Status / 状态");
        if (control.bot != null) {
            for (LoginState login : control.bot.logins().all()) {
                out.append("\n• ").append(login.instance()).append(" (").append(login.type()).append("): ")
                        .append(login.status().name().toLowerCase(Locale.ROOT).replace('_', ' '));
                if (login.account() != null) {
                    out.append(" as ").append(login.account().name());
                }
            }
        }
        long[] today = control.today.figures(control.quotas.today());
        // This command is one of the messages the bot is handling: the queue is the others.
        int waiting = control.bot == null ? 0 : Math.max(0, control.bot.pendingMessages() - 1);
        out.append("\nUptime / 运行: ").append(uptime(Duration.between(control.startedAt, control.clock.instant())))
                .append("\nMessages today / 今日消息: ").append(today[0]).append(", answered / 已回答 ").append(today[1])
                .append("\nModel / 模型: ").append(control.model.isEmpty() ? "-" : control.model)
                .append("\nQueue / 队列: ").append(waiting).append(" waiting");
        if (control.state.pausedEverywhere()) {
            out.append("\n⏸️ Paused everywhere / 全部暂停");
        }
        return out.toString();
    }

    private static String uptime(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s >= 86_400 ? s / 86_400 + "d " + s % 86_400 / 3600 + "h" : s >= 3600 ? s / 3600 + "h " + s % 3600 / 60 + "m"
                : s >= 60 ? s / 60 + "m " + s % 60 + "s" : s + "s";
    }

    private String pause(IncomingMessage message, String argument) {
        if (argument.equalsIgnoreCase("all")) {
            control.state.pause(ControlState.WHOLE, ControlState.WHOLE, control.clock.instant().toString());
            return "⏸️ 已在所有聊天暂停 / Paused in every chat. " + prefix + "resume all";
        }
        if (!argument.isEmpty()) {
            return "❓ " + prefix + "pause [all]";
        }
        control.state.pause(message.channel(), message.chat().key(), control.clock.instant().toString());
        return "⏸️ 已在本聊天暂停 / Paused in this chat. " + prefix + "resume";
    }

    private String resume(IncomingMessage message, String argument) {
        if (argument.equalsIgnoreCase("all")) {
            control.state.resume(ControlState.WHOLE, ControlState.WHOLE);
            control.takeover.endAll();
            return "▶️ 已在所有聊天恢复 / Answering in every chat again.";
        }
        if (!argument.isEmpty()) {
            return "❓ " + prefix + "resume [all]";
        }
        control.state.resume(message.channel(), message.chat().key());
        control.takeover.end(message);
        return control.state.pausedEverywhere()
                ? "▶️ 本聊天已恢复，但全部暂停仍有效 / This chat is resumed, but the bot is paused everywhere: " + prefix + "resume all"
                : "▶️ 已在本聊天恢复 / Answering in this chat again.";
    }

    private String access(IncomingMessage message, String argument, boolean allow) {
        if (argument.isEmpty()) {
            List<String> allowed = control.state.names(message.channel(), "allow:");
            List<String> denied = control.state.names(message.channel(), "deny:");
            return "📋 " + prefix + "allow: " + (allowed.isEmpty() ? "-" : String.join(", ", allowed))
                    + "\n" + prefix + "deny: " + (denied.isEmpty() ? "-" : String.join(", ", denied))
                    + "\n" + prefix + (allow ? "allow" : "deny") + " <name | group:name | private:name | /regex/ | *>";
        }
        String pattern;
        try {
            pattern = AccessRules.checkPattern(argument);
        } catch (IllegalArgumentException e) {
            return "❓ " + e.getMessage();
        }
        control.state.listAccess(message.channel(), pattern, allow);
        return allow ? "✅ 已允许 / Allowed: " + pattern : "🚫 已拒绝 / Denied: " + pattern;
    }

    private String quota(String argument) {
        Matcher m = QUOTA.matcher(argument.strip());
        if (!m.matches()) {
            return "❓ " + prefix + "quota <who> <n> messages|tokens per day  (0: no quota of its own)";
        }
        String who = m.group(1).strip();
        DailyLimit limit = DailyLimit.parse(m.group(2));
        control.state.setQuota(who, limit);
        return limit.limited() ? "✅ " + who + ": " + limit : "✅ " + who + ": 默认额度 / the configured quota again";
    }

    private String why(IncomingMessage message, String argument) {
        Optional<Control.Why> why = argument.isEmpty()
                ? Optional.ofNullable(control.lastByChat.get(Control.chatKey(message)))
                : Optional.ofNullable(control.lastByName.get(argument));
        if (why.isEmpty()) {
            return "🤷 " + (argument.isEmpty() ? "本聊天还没有消息 / No message in this chat yet." : "没有 " + argument + " 的消息 / No message from " + argument + " yet.");
        }
        Control.Why w = why.get();
        String text = w.text().length() > SHOWN_TEXT ? w.text().substring(0, SHOWN_TEXT) + "…" : w.text();
        return "🔎 " + w.sender() + ": \"" + text + "\"\n→ " + w.reason();
    }

    private String usage(IncomingMessage message, String argument) {
        if (argument.isEmpty()) {
            long[] mine = control.quotas.today(Quotas.personKey(message));
            return "📈 今天 / Today " + message.sender().name() + ": " + mine[0] + " questions, " + mine[1] + " tokens"
                    + quotaOf(control.state.quota(message.sender().key(), message.sender().name()).orElse(control.options.perPerson()));
        }
        String key = control.keysByName.get(argument);
        if (key == null) {
            return "🤷 没有 " + argument + " 的消息 / Nobody named " + argument + " wrote lately.";
        }
        long[] figures = control.quotas.today(key);
        boolean group = key.contains("\ngroup\n");
        DailyLimit limit = control.state.quota(argument).orElse(group ? control.options.perGroup() : control.options.perPerson());
        return "📈 今天 / Today " + argument + ": " + figures[0] + " questions, " + figures[1] + " tokens" + quotaOf(limit);
    }

    private static String quotaOf(DailyLimit limit) {
        return limit.limited() ? " (quota / 额度 " + limit + ")" : "";
    }
}
