package io.cow.testkit.ilink;

import java.time.Instant;

/** What the server tracks per (bot, user) for the context-token policy and typing. Guarded by the simulator's lock. */
final class SimConversation {

    String latestToken;
    Instant latestAt;
    int sentSinceInbound;
    String typingTicket;
}
