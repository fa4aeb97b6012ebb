package io.cow.core.conversation;

/** Who shares a conversation in a group chat. */
public enum GroupScope {
    /** Each member has their own conversation with the bot. */
    MEMBER,
    /** The whole group shares one conversation. */
    GROUP
}
