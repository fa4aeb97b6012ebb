package io.cow.testkit.web;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One login session of the bot's account: its credentials, the UserNames it issued, and its queue of entries for
 * webwxsync. Key 1 of the SyncKey counts queue entries: an entry stays queued until a request presents a key at
 * or past it. Guarded by the simulator's lock.
 */
final class SimSession {

    /** Something to deliver: rendered with this session's UserNames when queued. */
    record Delivery(Function<SimSession, Map<String, Object>> render, boolean carryOver, SimChat modContact) {

        static Delivery message(Function<SimSession, Map<String, Object>> render, boolean carryOver) {
            return new Delivery(render, carryOver, null);
        }

        static Delivery contactChange(SimChat chat) {
            return new Delivery(null, false, chat);
        }
    }

    /** A queued entry: an AddMsgList item or a ModContactList change. */
    record Entry(long seq, Delivery delivery, Map<String, Object> addMsg) {
    }

    final int number;
    final String sid;
    final long uin;
    final String passTicket;
    final String dataTicket;
    final long key1Base = Ids.syncKeyBase();
    final long key2Base = Ids.syncKeyBase();
    final long key3 = Ids.syncKeyBase();
    final long createdSeconds = System.currentTimeMillis() / 1000;
    String skey;
    final Map<SimChat, String> userNames = new HashMap<>();
    final Map<String, SimChat> chats = new HashMap<>();
    final Deque<Entry> entries = new ArrayDeque<>();
    long lastSeq;
    long ackedSeq;
    long contactChanges;
    boolean inited;
    Integer deadRetcode;
    String deathReason;
    int pollers;

    SimSession(int number, String sid, String skey, long uin, String passTicket, String dataTicket) {
        this.number = number;
        this.sid = sid;
        this.skey = skey;
        this.uin = uin;
        this.passTicket = passTicket;
        this.dataTicket = dataTicket;
    }

    boolean alive() {
        return deadRetcode == null;
    }

    /** The UserName this session gives the chat; issued on first use. */
    String userName(SimChat chat) {
        String existing = userNames.get(chat);
        if (existing != null) {
            return existing;
        }
        String name;
        if (chat instanceof SimGroup) {
            name = "@@" + Ids.hex(64);
        } else {
            SimContact contact = (SimContact) chat;
            name = switch (contact.kind()) {
                case SPECIAL -> contact.fixedUserName();
                case OFFICIAL -> "@" + Ids.hex(32);
                default -> "@" + Ids.hex(64);
            };
        }
        userNames.put(chat, name);
        chats.put(name, chat);
        return name;
    }

    SimChat chat(String userName) {
        return chats.get(userName);
    }

    void append(Delivery delivery) {
        lastSeq++;
        if (delivery.modContact() != null) {
            contactChanges++;
            entries.add(new Entry(lastSeq, delivery, null));
        } else {
            entries.add(new Entry(lastSeq, delivery, delivery.render().apply(this)));
        }
    }

    /** Drops the entries the client has acknowledged by presenting key 1 at or past them. */
    void acknowledge(long key1) {
        long seq = Math.min(key1 - key1Base, lastSeq);
        if (seq > ackedSeq) {
            ackedSeq = seq;
        }
        while (!entries.isEmpty() && entries.peekFirst().seq() <= ackedSeq) {
            entries.pollFirst();
        }
    }

    /** The entries after the key, at most {@code limit} of them that carry messages. */
    List<Entry> after(long key1, int limit) {
        long seq = key1 - key1Base;
        List<Entry> out = new ArrayList<>();
        int messages = 0;
        for (Entry e : entries) {
            if (e.seq() > seq) {
                if (e.addMsg() != null && messages == limit) {
                    break;
                }
                out.add(e);
                if (e.addMsg() != null) {
                    messages++;
                }
            }
        }
        return out;
    }

    /** Whether anything is queued after the key; 2 if a message, 6 if only contact changes, 0 if nothing. */
    int selector(long key1) {
        long seq = key1 - key1Base;
        int selector = 0;
        for (Entry e : entries) {
            if (e.seq() > seq) {
                if (e.addMsg() != null) {
                    return 2;
                }
                selector = 6;
            }
        }
        return selector;
    }

    /** Unacknowledged deliveries that should survive this session's death. */
    List<Delivery> carryOver() {
        List<Delivery> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e.seq() > ackedSeq && e.delivery().carryOver()) {
                out.add(e.delivery());
            }
        }
        return out;
    }

    long key1(long seq) {
        return key1Base + seq;
    }
}
