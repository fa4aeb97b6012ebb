package io.cow.core.message;

/** What a message carries. Only {@link #TEXT} is ever answered. */
public enum MessageKind {
    TEXT,
    IMAGE,
    VOICE,
    VIDEO,
    FILE,
    EMOTICON,
    LOCATION,
    LINK,
    CONTACT_CARD,
    MONEY,
    RECALL,
    SYSTEM,
    OTHER
}
