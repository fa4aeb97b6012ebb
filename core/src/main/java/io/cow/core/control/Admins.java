package io.cow.core.control;

import io.cow.core.access.AccessRules;
import io.cow.core.command.CommandAccess;
import io.cow.core.message.Chat;
import io.cow.core.message.IncomingMessage;

import java.util.List;

/**
 * Who may use the admin commands: always the bot's own account (its owner writing from the phone, File Transfer
 * included), and the people {@code admins} lists, by stable identity or name (or a pattern as in the access lists).
 */
final class Admins implements CommandAccess {

    private final AccessRules listed;
    private final boolean any;

    public Admins(List<String> admins) {
        this.any = !admins.isEmpty();
        this.listed = any ? AccessRules.of(admins, List.of()) : AccessRules.EVERYONE;
    }

    public boolean isAdmin(IncomingMessage message) {
        if (message.fromSelf()) {
            return true;
        }
        // A person is matched like a private chat with them: their stable key or their name.
        return any && listed.allows(Chat.privateChat(message.sender().key(), message.sender().name()))
                || any && !message.isGroup() && listed.allows(message.chat());
    }

    @Override
    public boolean maySetChat(IncomingMessage message) {
        return isAdmin(message);
    }
}
