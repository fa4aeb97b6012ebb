package io.cow.app.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cow.core.message.Chat;
import io.cow.core.message.ChatKind;
import io.cow.core.message.IncomingMessage;
import io.cow.core.message.MessageKind;
import io.cow.core.message.Sender;
import io.cow.core.message.SenderKind;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An incoming message as the inbox keeps it: one JSON text, so that fields added to messages later (such as an
 * attachment's reference) need no new columns, and a message written by an older version still reads (missing
 * fields get their defaults, unknown names of kinds read as "other").
 */
final class MessageJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MessageJson() {
    }

    static String write(IncomingMessage m) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode chat = root.putObject("chat");
        chat.put("id", m.chat().id()).put("key", m.chat().key()).put("kind", m.chat().kind().name()).put("title", m.chat().title());
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
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a message could not be written as JSON", e);
        }
    }

    static IncomingMessage read(String channel, String id, String json) throws JsonProcessingException {
        JsonNode root = JSON.readTree(json);
        JsonNode c = root.path("chat");
        Chat chat = new Chat(c.path("id").asText(), c.path("key").asText(), kind(ChatKind.class, c.path("kind"), ChatKind.PRIVATE),
                c.path("title").asText());
        JsonNode s = root.path("sender");
        Sender sender = new Sender(s.path("id").asText(), s.path("key").asText(), s.path("name").asText(),
                kind(SenderKind.class, s.path("kind"), SenderKind.PERSON));
        List<String> names = new ArrayList<>();
        root.path("botNames").forEach(n -> names.add(n.asText()));
        return new IncomingMessage(channel, id, chat, sender, kind(MessageKind.class, root.path("kind"), MessageKind.OTHER),
                root.path("text").asText(), Instant.ofEpochMilli(root.path("createdAt").asLong()),
                root.path("fromSelf").asBoolean(), root.path("mentionsBot").asBoolean(), names);
    }

    private static <E extends Enum<E>> E kind(Class<E> type, JsonNode value, E otherwise) {
        try {
            return Enum.valueOf(type, value.asText());
        } catch (IllegalArgumentException e) {
            return otherwise;
        }
    }
}
