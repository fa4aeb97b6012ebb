package io.cow.core.filter;

import io.cow.core.message.IncomingMessage;
import io.cow.core.message.MessageKind;
import io.cow.core.message.SenderKind;

import java.util.List;
import java.util.Optional;

/**
 * Drops what the bot never answers (contract row 8): anything but text, the WeChat team, call and
 * red-packet notices, location links, official/special/system accounts, and the bot's own messages
 * unless self-chat is on.
 */
public final class NoiseFilter {

    public static final String WECHAT_TEAM = "微信团队";

    /** Notices WeChat posts as text; they are not questions. */
    public static final List<String> NOTICES = List.of(
            "收到一条视频/语音聊天消息，请在手机上查看",
            "收到红包，请在手机上查看",
            "/cgi-bin/mmwebwx-bin/webwxgetpubliclinkimg");

    private final boolean selfChat;

    public NoiseFilter(boolean selfChat) {
        this.selfChat = selfChat;
    }

    /** Why the message is noise, or empty when it may be answered. */
    public Optional<String> reason(IncomingMessage message) {
        if (message.kind() != MessageKind.TEXT) {
            return Optional.of("not text (" + message.kind().name().toLowerCase() + ")");
        }
        if (message.fromSelf() && !selfChat) {
            return Optional.of("written by the bot's own account");
        }
        if (message.sender().kind() != SenderKind.PERSON && !message.fromSelf()) {
            return Optional.of("from an " + message.sender().kind().name().toLowerCase() + " account");
        }
        if (WECHAT_TEAM.equals(message.sender().name()) || WECHAT_TEAM.equals(message.chat().title())) {
            return Optional.of("from " + WECHAT_TEAM);
        }
        for (String notice : NOTICES) {
            if (message.text().contains(notice)) {
                return Optional.of("a WeChat notice");
            }
        }
        return Optional.empty();
    }
}
