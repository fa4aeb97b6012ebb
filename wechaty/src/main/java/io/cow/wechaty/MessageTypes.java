package io.cow.wechaty;

import io.cow.core.message.MessageKind;

/**
 * Wechaty message type numbers as puppet services put them on the wire: wechaty-puppet's own numbering
 * (text is 7), which differs from the MessageType enum in wechaty-grpc's .proto (where 7 is "video").
 */
final class MessageTypes {

    static final int UNKNOWN = 0;
    static final int ATTACHMENT = 1;
    static final int AUDIO = 2;
    static final int CONTACT = 3;
    static final int CHAT_HISTORY = 4;
    static final int EMOTICON = 5;
    static final int IMAGE = 6;
    static final int TEXT = 7;
    static final int LOCATION = 8;
    static final int MINI_PROGRAM = 9;
    static final int GROUP_NOTE = 10;
    static final int TRANSFER = 11;
    static final int RED_ENVELOPE = 12;
    static final int RECALLED = 13;
    static final int URL = 14;
    static final int VIDEO = 15;
    static final int POST = 16;

    private MessageTypes() {
    }

    static MessageKind kind(int wireType) {
        return switch (wireType) {
            case TEXT -> MessageKind.TEXT;
            case IMAGE -> MessageKind.IMAGE;
            case AUDIO -> MessageKind.VOICE;
            case VIDEO -> MessageKind.VIDEO;
            case ATTACHMENT -> MessageKind.FILE;
            case EMOTICON -> MessageKind.EMOTICON;
            case LOCATION -> MessageKind.LOCATION;
            case URL, MINI_PROGRAM, CHAT_HISTORY, POST -> MessageKind.LINK;
            case CONTACT -> MessageKind.CONTACT_CARD;
            case TRANSFER, RED_ENVELOPE -> MessageKind.MONEY;
            case RECALLED -> MessageKind.RECALL;
            case GROUP_NOTE -> MessageKind.SYSTEM;
            default -> MessageKind.OTHER;
        };
    }
}
