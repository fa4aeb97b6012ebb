package io.cow.app.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cow.core.message.Attachment;
import io.cow.core.message.Chat;
import io.cow.core.message.ChatKind;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.MessageKind;
import io.cow.core.message.OutgoingMessage;
import io.cow.core.message.Sender;
import io.cow.core.message.SenderKind;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An incoming message as the inbox keeps it, and a reply as the outbox keeps it: one JSON text, so that fields added to messages later (such as an
 * attachment's reference) need no new columns, and a message written by an older version still reads (missing
 * fields get their defaults, unknown names of kinds read as "other").
 */
final class MessageJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MessageJson() {
    }

    static String write(IncomingMessage m) {
        return text(incoming(m));
    }

    static String write(OutgoingMessage m) {
        ObjectNode root = JSON.createObjectNode();
        chat(root.putObject("chat"), m.chat());
        root.put("text", m.text());
        root.put("clientId", m.clientId());
        ArrayNode mentions = root.putArray("mentionIds");
        m.mentionIds().forEach(mentions::add);
        if (m.inReplyTo() != null) {
            root.put("replyChannel", m.inReplyTo().channel()).put("replyId", m.inReplyTo().id());
            root.set("inReplyTo", incoming(m.inReplyTo()));
        }
        return text(root);
    }

    static OutgoingMessage readOutgoing(String json) throws JsonProcessingException {
        JsonNode root = JSON.readTree(json);
        List<String> mentions = new ArrayList<>();
        root.path("mentionIds").forEach(n -> mentions.add(n.asText()));
        IncomingMessage inReplyTo = root.has("inReplyTo")
                ? incoming(root.path("replyChannel").asText(), root.path("replyId").asText(), root.path("inReplyTo")) : null;
        return new OutgoingMessage(chat(root.path("chat")), root.path("text").asText(), mentions, inReplyTo,
                root.path("clientId").asText());
    }

    private static String text(ObjectNode root) {
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a message could not be written as JSON", e);
        }
    }

    private static void chat(ObjectNode node, Chat chat) {
        node.put("id", chat.id()).put("key", chat.key()).put("kind", chat.kind().name()).put("title", chat.title());
    }

    private static Chat chat(JsonNode c) {
        return new Chat(c.path("id").asText(), c.path("key").asText(), kind(ChatKind.class, c.path("kind"), ChatKind.PRIVATE),
                c.path("title").asText());
    }

    private static ObjectNode incoming(IncomingMessage m) {
        ObjectNode root = JSON.createObjectNode();
        chat(root.putObject("chat"), m.chat());
        ObjectNode sender = root.putObject("sender");
        sender.put("id", m.sender().id()).put("key", m.sender().key()).put("name", m.sender().name())
                .put("kind", m.sender().kind().name());
        root.put("kind", m.kind().name());
        root.put("text", m.text());
        root.put("createdAt", m.createdAt().toEpochMilli());
        root.put("fromSelf", m.fromSelf());
        root.put("mentionsBot", m.mentionsBot());
        ArrayNode names = root.putArray("botNames");
        m.botNames().forEach(names::add);
        m.media().ifPresent(a -> root.putObject("attachment").put("kind", a.kind().name()).put("ref", a.ref())
                .put("fileName", a.fileName()).put("size", a.size()).put("transcript", a.transcript()));
        return root;
    }

    static IncomingMessage read(String channel, String id, String json) throws JsonProcessingException {
        return incoming(channel, id, JSON.readTree(json));
    }

    private static IncomingMessage incoming(String channel, String id, JsonNode root) {
        Chat chat = chat(root.path("chat"));
        JsonNode s = root.path("sender");
        Sender sender = new Sender(s.path("id").asText(), s.path("key").asText(), s.path("name").asText(),
                kind(SenderKind.class, s.path("kind"), SenderKind.PERSON));
        List<String> names = new ArrayList<>();
        root.path("botNames").forEach(n -> names.add(n.asText()));
        JsonNode a = root.path("attachment");
        Attachment attachment = a.isObject()
                ? new Attachment(kind(MessageKind.class, a.path("kind"), MessageKind.OTHER), a.path("ref").asText(),
                a.path("fileName").asText(), a.path("size").asLong(-1), a.path("transcript").asText())
                : null;
        return new IncomingMessage(channel, id, chat, sender, kind(MessageKind.class, root.path("kind"), MessageKind.OTHER),
                root.path("text").asText(), Instant.ofEpochMilli(root.path("createdAt").asLong()),
                root.path("fromSelf").asBoolean(), root.path("mentionsBot").asBoolean(), names, attachment);
    }

    private static <E extends Enum<E>> E kind(Class<E> type, JsonNode value, E otherwise) {
        try {
            return Enum.valueOf(type, value.asText());
        } catch (IllegalArgumentException e) {
            return otherwise;
        }
    }
}
