package io.cow.core.command;

import io.cow.core.message.IncomingMessage;

/**
 * Who may use the commands that change how a chat is answered ({@code #model}, {@code #persona}). The one place
 * that decides it: an access-control feature widens it by giving the pipeline another implementation.
 */
@FunctionalInterface
public interface CommandAccess {

    /** Only the bot's own account: its owner, writing from the phone into the chat. */
    CommandAccess BOT_ACCOUNT = IncomingMessage::fromSelf;

    /** Whether the message's author may change the chat's settings. */
    boolean maySetChat(IncomingMessage message);
}
