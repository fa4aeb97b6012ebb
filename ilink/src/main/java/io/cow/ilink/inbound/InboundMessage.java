package io.cow.ilink.inbound;

import java.util.List;

/**
 * A message from {@code getupdates}, reduced to what the channel uses.
 *
 * @param messageId    {@code message_id} as exact decimal text (uint64), may be empty
 * @param seq          {@code seq} as text, may be empty
 * @param fromUser     the sender
 * @param toUser       the bot
 * @param createdAtMs  {@code create_time_ms}
 * @param messageType  1 from a user, 2 from a bot
 * @param contextToken the token replies must carry
 * @param items        the items, in order
 */
public record InboundMessage(String messageId, String seq, String fromUser, String toUser, long createdAtMs,
                             int messageType, String contextToken, List<InboundItem> items) {

    public static final int FROM_USER = 1;

    public InboundMessage {
        items = List.copyOf(items);
    }

    /** The id the bot knows the message by: the message id, else the sequence number, else the first item's id. */
    public String stableId() {
        if (!messageId.isEmpty()) {
            return messageId;
        }
        if (!seq.isEmpty()) {
            return "seq:" + toUser + ":" + fromUser + ":" + seq;
        }
        return items.stream().map(InboundItem::msgId).filter(id -> !id.isEmpty()).findFirst()
                .map(id -> "item:" + id).orElse("");
    }
}
