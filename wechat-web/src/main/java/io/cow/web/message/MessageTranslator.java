package io.cow.web.message;

import com.fasterxml.jackson.databind.JsonNode;
import io.cow.core.message.Attachment;
import io.cow.core.message.Chat;
import io.cow.core.message.ChatKind;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.MessageKind;
import io.cow.core.message.Sender;
import io.cow.core.message.SenderKind;
import io.cow.web.contact.Contact;
import io.cow.web.contact.ContactDirectory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an item of {@code AddMsgList} into an {@link IncomingMessage}: private or group chat, the sender
 * behind a group's {@code <sender>:<br/>} prefix, plain text, the names the bot answers to in that chat and
 * whether it is mentioned, and which accounts are not people.
 */
public final class MessageTranslator {

    /** Status notifications: client bookkeeping, not messages. */
    public static final int TYPE_STATUS_NOTIFY = 51;

    private static final Pattern GROUP_PREFIX = Pattern.compile("^(@[a-zA-Z0-9]+|[a-zA-Z0-9_-]+):<br/>");
    private static final char MENTION_SEPARATOR = '\u2005';

    private final String channel;

    public MessageTranslator(String channel) {
        this.channel = channel;
    }

    /**
     * The message, or empty for items that are not messages (status notifications) or lack the fields every
     * message has.
     *
     * @param self     the bot's own account in this login
     * @param contacts the contacts of this login
     */
    public Optional<IncomingMessage> translate(JsonNode item, Contact self, ContactDirectory contacts) {
        int type = item.path("MsgType").asInt(-1);
        String id = item.path("MsgId").asText("");
        if (id.isEmpty()) {
            id = item.path("NewMsgId").asText("");
        }
        String from = item.path("FromUserName").asText("");
        String to = item.path("ToUserName").asText("");
        if (type == TYPE_STATUS_NOTIFY || id.isEmpty() || from.isEmpty()) {
            return Optional.empty();
        }
        boolean fromSelf = from.equals(self.userName());
        String chatId = fromSelf && !to.isEmpty() ? to : from;
        String raw = item.path("Content").asText("");
        Instant createdAt = Instant.ofEpochSecond(item.path("CreateTime").asLong(0));
        MessageKind kind = kind(item, type);

        Optional<Contact> chatContact = contacts.get(chatId);
        if (Contact.isGroupName(chatId)) {
            return Optional.of(groupMessage(item, id, chatId, chatContact, from, fromSelf, raw, type, kind, createdAt, self, contacts));
        }
        Contact peer = chatContact.orElseGet(() -> new Contact(chatId, "", "", "", 0, List.of()));
        String title = peer.title().isBlank() ? chatId : peer.title();
        Chat chat = new Chat(chatId, contacts.keyOf(peer), ChatKind.PRIVATE, title);
        Sender sender;
        if (fromSelf) {
            sender = new Sender(self.userName(), contacts.keyOf(self), self.nickName(), SenderKind.PERSON);
        } else {
            sender = new Sender(from, chat.key(), title, senderKind(peer, type));
        }
        Attachment attachment = attachment(item, id, kind);
        return Optional.of(IncomingMessage.text(channel, id, chat, sender, attachment == null ? WebText.decode(raw) : "")
                .kind(kind)
                .attachment(attachment)
                .createdAt(createdAt)
                .fromSelf(fromSelf)
                .botNames(List.of(self.nickName()))
                .build());
    }

    private IncomingMessage groupMessage(JsonNode item, String id, String chatId, Optional<Contact> group, String from, boolean fromSelf,
                                         String raw, int type, MessageKind kind, Instant createdAt, Contact self,
                                         ContactDirectory contacts) {
        String topic = group.map(Contact::nickName).filter(t -> !t.isBlank()).orElse("");
        Chat chat = new Chat(chatId, group.filter(g -> !topic.isBlank()).map(contacts::keyOf).orElse(chatId), ChatKind.GROUP,
                topic.isBlank() ? chatId : topic);
        String senderId;
        String content = raw;
        Matcher prefix = GROUP_PREFIX.matcher(raw);
        if (fromSelf) {
            senderId = self.userName();
        } else if (prefix.find()) {
            senderId = prefix.group(1);
            content = raw.substring(prefix.end());
        } else {
            senderId = from;
        }
        Optional<Contact> member = group.flatMap(g -> g.member(senderId));
        String name;
        String key;
        SenderKind senderKind;
        if (fromSelf) {
            name = self.nickName();
            key = contacts.keyOf(self);
            senderKind = SenderKind.PERSON;
        } else if (senderId.equals(chatId)) {
            name = "";
            key = chatId;
            senderKind = SenderKind.SYSTEM;
        } else {
            name = member.map(m -> !m.displayName().isBlank() ? m.displayName() : m.nickName()).orElse(senderId);
            // A member who is also a friend keeps the remark name the owner gave them.
            key = member.map(m -> contacts.memberKeyOf(group.get(), m))
                    .or(() -> contacts.get(senderId).map(contacts::keyOf))
                    .orElse(senderId);
            senderKind = isSystem(type) ? SenderKind.SYSTEM : SenderKind.PERSON;
        }
        String text = WebText.decode(content);
        List<String> botNames = new ArrayList<>();
        botNames.add(self.nickName());
        group.flatMap(g -> g.member(self.userName())).map(Contact::displayName)
                .filter(n -> !n.isBlank()).ifPresent(botNames::add);
        Attachment attachment = attachment(item, id, kind);
        return IncomingMessage.text(channel, id, chat, new Sender(senderId, key, name, senderKind), attachment == null ? text : "")
                .kind(kind)
                .attachment(attachment)
                .createdAt(createdAt)
                .fromSelf(fromSelf)
                .mentionsBot(!fromSelf && kind == MessageKind.TEXT && mentions(text, botNames))
                .botNames(botNames)
                .build();
    }

    /**
     * The media of a picture, voice, video, emoticon or file message, as a reference the channel downloads later
     *: the message id, and for files what webwxgetmedia needs.
     */
    static Attachment attachment(JsonNode item, String id, MessageKind kind) {
        return switch (kind) {
            case IMAGE, VOICE, VIDEO, EMOTICON -> item.path("MsgType").asInt() == 49 ? null : new Attachment(kind, kind.name() + ":" + id,
                    item.path("FileName").asText(""), -1, "");
            case FILE -> new Attachment(kind, "FILE:" + id + ":" + item.path("MediaId").asText("") + ":"
                    + item.path("EncryFileName").asText("") + ":" + item.path("FromUserName").asText(""),
                    WebText.decode(item.path("FileName").asText("")), parseSize(item.path("FileSize").asText("")), "");
            default -> null;
        };
    }

    private static long parseSize(String text) {
        try {
            return text.isBlank() ? -1 : Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Whether the text mentions one of the names: {@code @name} followed by U+2005 (phones) or a space (PCs),
     * or {@code @name} at the very end.
     */
    public static boolean mentions(String text, List<String> names) {
        for (String name : names) {
            if (name == null || name.isBlank()) {
                continue;
            }
            String mention = "@" + name;
            int at = text.indexOf(mention);
            while (at >= 0) {
                int end = at + mention.length();
                if (end == text.length() || text.charAt(end) == MENTION_SEPARATOR || text.charAt(end) == ' ') {
                    return true;
                }
                at = text.indexOf(mention, at + 1);
            }
        }
        return false;
    }

    private static SenderKind senderKind(Contact peer, int type) {
        if (isSystem(type)) {
            return SenderKind.SYSTEM;
        }
        if (peer.isSpecial()) {
            return SenderKind.SPECIAL;
        }
        if (peer.isOfficial()) {
            return SenderKind.OFFICIAL;
        }
        return SenderKind.PERSON;
    }

    private static boolean isSystem(int type) {
        return type == 10000 || type == 9999 || type == 10002;
    }

    /** The kind of a message by MsgType (and AppMsgType for app messages). */
    static MessageKind kind(JsonNode item, int type) {
        return switch (type) {
            case 1 -> item.path("SubMsgType").asInt(0) == 48 && !item.path("Url").asText("").isEmpty()
                    ? MessageKind.LOCATION : MessageKind.TEXT;
            case 3 -> MessageKind.IMAGE;
            case 34 -> MessageKind.VOICE;
            case 43, 62 -> MessageKind.VIDEO;
            case 47 -> MessageKind.EMOTICON;
            case 48 -> MessageKind.LOCATION;
            case 42 -> MessageKind.CONTACT_CARD;
            case 49 -> switch (item.path("AppMsgType").asInt(0)) {
                case 5 -> MessageKind.LINK;
                case 6 -> MessageKind.FILE;
                case 2 -> MessageKind.IMAGE;
                case 3 -> MessageKind.VOICE;
                case 4 -> MessageKind.VIDEO;
                case 8 -> MessageKind.EMOTICON;
                case 17 -> MessageKind.LOCATION;
                case 2000, 2001 -> MessageKind.MONEY;
                default -> MessageKind.OTHER;
            };
            case 10002 -> MessageKind.RECALL;
            case 10000, 9999 -> MessageKind.SYSTEM;
            default -> MessageKind.OTHER;
        };
    }
}
