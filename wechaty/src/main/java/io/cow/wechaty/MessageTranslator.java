package io.cow.wechaty;

import io.cow.core.message.Chat;
import io.cow.core.message.ChatKind;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.Sender;
import io.cow.core.message.SenderKind;
import io.cow.core.message.BotAccount;
import io.cow.wechaty.grpc.ContactPayloadResponse;
import io.cow.wechaty.grpc.MessagePayloadResponse;
import io.cow.wechaty.grpc.RoomPayloadResponse;
import io.grpc.StatusRuntimeException;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Turns a message payload from the puppet service into the pipeline's {@link IncomingMessage}. */
final class MessageTranslator {

    /** Wechaty's ContactType for official accounts. */
    private static final int CONTACT_TYPE_OFFICIAL = 2;

    private final String channelName;
    private final PuppetDirectory directory;
    private final Clock clock;

    MessageTranslator(String channelName, PuppetDirectory directory, Clock clock) {
        this.channelName = channelName;
        this.directory = directory;
        this.clock = clock;
    }

    /**
     * @param self the logged-in account, or null before the login event
     * @throws StatusRuntimeException when the service cannot describe the room
     */
    IncomingMessage translate(MessagePayloadResponse payload, BotAccount self) {
        String selfId = self == null ? "" : self.id();
        String talkerId = payload.getTalkerId();
        boolean fromSelf = !selfId.isEmpty() && selfId.equals(talkerId);
        Chat chat;
        Sender sender;
        List<String> botNames = new ArrayList<>();
        if (self != null) {
            botNames.add(self.name());
        }
        if (!payload.getRoomId().isEmpty()) {
            String roomId = payload.getRoomId();
            RoomPayloadResponse room = directory.room(roomId);
            chat = new Chat(roomId, roomId, ChatKind.GROUP, room.getTopic());
            String name = directory.roomAlias(roomId, talkerId).orElseGet(() -> directory.contactName(talkerId));
            sender = new Sender(talkerId, talkerId, name, senderKind(talkerId));
            if (self != null) {
                directory.roomAlias(roomId, selfId).ifPresent(botNames::add);
            }
        } else {
            String otherId = fromSelf && !payload.getListenerId().isEmpty() ? payload.getListenerId() : talkerId;
            chat = Chat.privateChat(otherId, directory.contactName(otherId));
            sender = new Sender(talkerId, talkerId, fromSelf && self != null ? self.name() : directory.contactName(talkerId),
                    senderKind(talkerId));
        }
        return IncomingMessage.text(channelName, payload.getId(), chat, sender, payload.getText())
                .kind(MessageTypes.kind(payload.getType()))
                .createdAt(createdAt(payload))
                .fromSelf(fromSelf)
                .mentionsBot(!selfId.isEmpty() && payload.getMentionIdsList().contains(selfId))
                .botNames(botNames)
                .build();
    }

    private SenderKind senderKind(String talkerId) {
        if (talkerId.isEmpty()) {
            return SenderKind.SYSTEM;
        }
        try {
            ContactPayloadResponse contact = directory.contact(talkerId);
            return contact.getType() == CONTACT_TYPE_OFFICIAL ? SenderKind.OFFICIAL : SenderKind.PERSON;
        } catch (StatusRuntimeException e) {
            return SenderKind.PERSON;
        }
    }

    private Instant createdAt(MessagePayloadResponse payload) {
        if (payload.hasReceiveTime() && payload.getReceiveTime().getSeconds() > 0) {
            return Instant.ofEpochSecond(payload.getReceiveTime().getSeconds(), payload.getReceiveTime().getNanos());
        }
        long stamp = payload.getTimestampDeprecated();
        if (stamp <= 0) {
            return clock.instant();
        }
        // older services send seconds, newer ones milliseconds
        return stamp < 100_000_000_000L ? Instant.ofEpochSecond(stamp) : Instant.ofEpochMilli(stamp);
    }
}
