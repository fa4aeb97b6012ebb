package io.cow.core.store;

import java.util.Objects;

/**
 * Which conversation a turn belongs to, by stable identities only (transport addresses such as web WeChat's
 * UserNames change at every login and would split one conversation into many).
 *
 * @param channel   the channel's name
 * @param chatKey   the chat's stable key ({@code Chat.key()})
 * @param memberKey in a group whose members each have their own conversation, the member's stable key
 *                  ({@code Sender.key()}); empty for a private chat or a conversation shared by the group
 */
public record ConversationKey(String channel, String chatKey, String memberKey) {

    public ConversationKey {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(chatKey, "chatKey");
        memberKey = memberKey == null ? "" : memberKey;
    }
}
