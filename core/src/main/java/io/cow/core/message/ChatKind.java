package io.cow.core.message;

/** Whether a chat is one-to-one or a group. */
public enum ChatKind {
    PRIVATE,
    GROUP
}
