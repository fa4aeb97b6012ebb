package io.cow.testkit.web;

import java.time.Instant;

/**
 * A text the bot sent with webwxsendmsg and the simulator accepted.
 *
 * @param toUserName  the {@code Msg.ToUserName} as sent (valid in the session that sent it)
 * @param content     the {@code Msg.Content}, plain text with {@code \n}
 * @param localId     {@code Msg.LocalID}
 * @param clientMsgId {@code Msg.ClientMsgId}
 * @param at          when the simulator accepted it
 * @param chat        the contact or group it went to ({@link WebWeChatSimulator#self()} for the bot itself)
 * @param msgId       the {@code MsgID} the simulator answered (also the echo's MsgId)
 */
public record SentMessage(String toUserName, String content, String localId, String clientMsgId, Instant at,
                          SimChat chat, String msgId) {

    /** The chat's name (nickname or topic). */
    public String chatName() {
        return chat.name();
    }
}
