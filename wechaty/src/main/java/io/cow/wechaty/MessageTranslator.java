package io.cow.wechaty;

import io.cow.core.message.Attachment;
import io.cow.core.message.Chat;
import io.cow.core.message.MessageKind;
import io.cow.core.message.ChatKind;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.Sender;
import io.cow.core.message.SenderKind;
import io.cow.core.message.BotAccount;
import io.cow.wechaty.grpc.MessagePayloadResponse;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

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
     * Completes when every name the message needs is known (most are cached; the rest are asked for without
     * waiting on a thread).
     *
     * @param self the logged-in account, or null before the login event
     * @return fails with the service's error when it cannot describe the room
     */
    CompletableFuture<IncomingMessage> translate(MessagePayloadResponse payload, BotAccount self) {
        String selfId = self == null ? "" : self.id();
        String talkerId = payload.getTalkerId();
        boolean fromSelf = !selfId.isEmpty() && selfId.equals(talkerId);
        CompletableFuture<SenderKind> kind = senderKind(talkerId);
        if (!payload.getRoomId().isEmpty()) {
            String roomId = payload.getRoomId();
            CompletableFuture<String> name = directory.roomAlias(roomId, talkerId)
                    .thenCompose(alias -> alias.map(CompletableFuture::completedFuture).orElseGet(() -> directory.contactName(talkerId)));
            CompletableFuture<Optional<String>> selfAlias = self == null
                    ? CompletableFuture.completedFuture(Optional.empty()) : directory.roomAlias(roomId, selfId);
            return directory.room(roomId).thenCompose(room -> name.thenCombine(kind, (senderName, senderKind) ->
                    new Sender(talkerId, talkerId, senderName, senderKind)).thenCombine(selfAlias, (sender, alias) -> {
                        List<String> botNames = botNames(self);
                        alias.ifPresent(botNames::add);
                        return build(payload, new Chat(roomId, roomId, ChatKind.GROUP, room.getTopic()), sender, fromSelf, selfId, botNames);
                    }));
        }
        String otherId = fromSelf && !payload.getListenerId().isEmpty() ? payload.getListenerId() : talkerId;
        CompletableFuture<String> senderName = fromSelf && self != null
                ? CompletableFuture.completedFuture(self.name()) : directory.contactName(talkerId);
        CompletableFuture<Chat> chat = directory.contactName(otherId).thenApply(chatName -> Chat.privateChat(otherId, chatName));
        CompletableFuture<Sender> sender = senderName.thenCombine(kind, (name, senderKind) -> new Sender(talkerId, talkerId, name, senderKind));
        return chat.thenCombine(sender, (c, from) -> build(payload, c, from, fromSelf, selfId, botNames(self)));
    }

    private IncomingMessage build(MessagePayloadResponse payload, Chat chat, Sender sender, boolean fromSelf, String selfId,
                                  List<String> botNames) {
        MessageKind kind = MessageTypes.kind(payload.getType());
        // Media are fetched when the bot needs them (MessageFile, then Download for a large one).
        Attachment attachment = switch (kind) {
            case IMAGE, VOICE, VIDEO, FILE, EMOTICON -> new Attachment(kind, payload.getId(), payload.getFilename(), -1, "");
            default -> null;
        };
        return IncomingMessage.text(channelName, payload.getId(), chat, sender, attachment == null ? payload.getText() : "")
                .kind(kind)
                .attachment(attachment)
                .createdAt(createdAt(payload))
                .fromSelf(fromSelf)
                .mentionsBot(!selfId.isEmpty() && payload.getMentionIdsList().contains(selfId))
                .botNames(botNames)
                .build();
    }

    private static List<String> botNames(BotAccount self) {
        List<String> names = new ArrayList<>();
        if (self != null) {
            names.add(self.name());
        }
        return names;
    }

    private CompletableFuture<SenderKind> senderKind(String talkerId) {
        if (talkerId.isEmpty()) {
            return CompletableFuture.completedFuture(SenderKind.SYSTEM);
        }
        return directory.contact(talkerId).handle((contact, error) ->
                error == null && contact.getType() == CONTACT_TYPE_OFFICIAL ? SenderKind.OFFICIAL : SenderKind.PERSON);
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
