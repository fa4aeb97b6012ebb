package io.cow.core.message;

import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A text the bot sends to a chat.
 *
 * @param chat       where to send it
 * @param text       plain text with real newlines
 * @param mentionIds senders to @-mention, for transports that mention by id (may be empty)
 * @param inReplyTo  the message being answered, or null; channels use it for transport details such as
 *                   a reply token
 * @param clientId   this text's own id, made when it is made and kept with it in the outbox: a channel sends it as
 *                   the transport's client message id (web {@code ClientMsgId}, iLink {@code client_id}), the same in
 *                   every attempt, also after a restart, so a service that dedupes on it shows a retried text once.
 *                   Digits only: a 13-digit millisecond time and 4 more, the web client's own form
 */
public record OutgoingMessage(Chat chat, String text, List<String> mentionIds, IncomingMessage inReplyTo, String clientId) {

    private static final AtomicLong LAST_CLIENT_ID = new AtomicLong();
    /**
     * Where this process starts counting within a millisecond. A service dedupes on the id, and after a failover
     * another process sends for the same account: the two should not make the same id in the same millisecond, as
     * they did when every process counted from 0. (The outbox keys ids per channel instance, so it never minds.)
     */
    private static final long PROCESS_OFFSET = new SecureRandom().nextInt(10_000);

    public OutgoingMessage {
        Objects.requireNonNull(chat, "chat");
        Objects.requireNonNull(text, "text");
        mentionIds = mentionIds == null ? List.of() : List.copyOf(mentionIds);
        clientId = clientId == null || clientId.isEmpty() ? newClientId() : clientId;
    }

    /** A new text with a new client id. */
    public OutgoingMessage(Chat chat, String text, List<String> mentionIds, IncomingMessage inReplyTo) {
        this(chat, text, mentionIds, inReplyTo, null);
    }

    public static OutgoingMessage to(Chat chat, String text) {
        return new OutgoingMessage(chat, text, List.of(), null);
    }

    /** The same text (same client id: it is the same send) with another text, such as a mention put in front. */
    public OutgoingMessage withText(String newText) {
        return new OutgoingMessage(chat, newText, mentionIds, inReplyTo, clientId);
    }

    /**
     * A new client id: milliseconds times 10,000 plus this process's random offset and a counter, unique within the
     * process, as time goes on across restarts, and very likely across processes; for a send that is not a text too.
     */
    public static String newClientId() {
        long candidate = System.currentTimeMillis() * 10_000 + PROCESS_OFFSET;
        return Long.toString(LAST_CLIENT_ID.accumulateAndGet(candidate, (last, next) -> Math.max(last + 1, next)));
    }
}
