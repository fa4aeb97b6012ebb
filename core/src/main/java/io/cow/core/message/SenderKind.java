package io.cow.core.message;

/** Who sent a message: a person, or an account the bot should never answer. */
public enum SenderKind {
    PERSON,
    /** An official (subscription or service) account. */
    OFFICIAL,
    /** A built-in account such as {@code filehelper}, {@code weixin} or {@code fmessage}. */
    SPECIAL,
    /** The transport itself: system notices, joins, recalls. */
    SYSTEM
}
