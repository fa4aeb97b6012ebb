package io.cow.testkit.ilink;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A bot account's server side: its token, message log, cursor position and conversations. Guarded by the simulator's lock. */
final class SimBinding {

    final String token;
    final String botId;
    final String userId;
    boolean revoked;
    /** Every message queued for the bot, in order; the cursor is a position in it. */
    final List<ObjectNode> log = new ArrayList<>();
    /** Messages before this position were acknowledged by a later cursor and are never sent again. */
    int acked;
    long nextSeq = 1;
    final Map<String, SimConversation> conversations = new HashMap<>();
    CompletableFuture<Void> changed = new CompletableFuture<>();
    /** getupdates calls held for this bot right now, and the most ever held at once. */
    int pollers;
    int maxPollers;

    SimBinding(String token, String botId, String userId) {
        this.token = token;
        this.botId = botId;
        this.userId = userId;
    }

    BotBinding view() {
        return new BotBinding(token, botId, userId, revoked);
    }

    SimConversation conversation(String user) {
        return conversations.computeIfAbsent(user, u -> new SimConversation());
    }

    CompletableFuture<Void> signal() {
        CompletableFuture<Void> old = changed;
        changed = new CompletableFuture<>();
        return old;
    }
}
