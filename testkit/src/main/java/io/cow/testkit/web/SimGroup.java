package io.cow.testkit.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A group chat the bot is a member of: a topic, members (the bot is always one, implicitly), each member's display
 * name in this group and the bot's own. Changes while a session is live reach the bot as {@code ModContactList}
 * entries of the next webwxsync, as on the real service.
 */
public final class SimGroup implements SimChat {

    private final WebWeChatSimulator sim;
    private final int id;
    private final long ownerUin;
    private final String encryChatRoomId;
    // Guarded by sim.lock.
    private String topic;
    private final List<SimContact> members = new ArrayList<>();
    private final Map<SimContact, String> displayNames = new LinkedHashMap<>();
    private String botDisplayName = "";
    private boolean listed = true;

    SimGroup(WebWeChatSimulator sim, int id, String topic, List<SimContact> members) {
        this.sim = sim;
        this.id = id;
        this.topic = Objects.requireNonNull(topic);
        this.members.addAll(members);
        this.ownerUin = 0;
        this.encryChatRoomId = "@" + Ids.hex(32);
    }

    @Override
    public String name() {
        return topic();
    }

    public String topic() {
        synchronized (sim.lock) {
            return topic;
        }
    }

    /** The members other than the bot, in the order they joined. */
    public List<SimContact> members() {
        synchronized (sim.lock) {
            return List.copyOf(members);
        }
    }

    /** A member's display name in this group, or empty when they set none. */
    public String displayName(SimContact member) {
        synchronized (sim.lock) {
            return displayNames.getOrDefault(member, "");
        }
    }

    /** Sets a member's display name in this group. */
    public SimGroup displayName(SimContact member, String displayName) {
        sim.changeGroup(this, () -> {
            requireMember(member);
            displayNames.put(member, displayName);
        });
        return this;
    }

    /** The bot's display name in this group, or empty. */
    public String botDisplayName() {
        synchronized (sim.lock) {
            return botDisplayName;
        }
    }

    /** Sets the bot's own display name in this group. */
    public SimGroup botDisplayName(String displayName) {
        sim.changeGroup(this, () -> botDisplayName = Objects.requireNonNull(displayName));
        return this;
    }

    /** Renames the group. */
    public SimGroup topic(String newTopic) {
        sim.changeGroup(this, () -> topic = Objects.requireNonNull(newTopic));
        return this;
    }

    /** Adds a member. */
    public SimGroup addMember(SimContact member) {
        sim.changeGroup(this, () -> {
            if (!members.contains(member)) {
                members.add(member);
            }
        });
        return this;
    }

    /**
     * Keeps the group out of webwxgetcontact and webwxinit (not saved to contacts, no recent chat): the client
     * learns of it only from a message or a ModContactList entry, and must ask webwxbatchgetcontact for it.
     */
    public SimGroup unlisted() {
        synchronized (sim.lock) {
            listed = false;
        }
        return this;
    }

    /** The text a person types to mention the bot here: {@code @<display name or nickname>} and U+2005. */
    public String botMention() {
        String name = botDisplayName();
        return "@" + (name.isEmpty() ? sim.selfNickName() : name) + "\u2005";
    }

    int id() {
        return id;
    }

    long ownerUin() {
        return ownerUin;
    }

    String encryChatRoomId() {
        return encryChatRoomId;
    }

    // The following are called with sim.lock held.

    boolean listedLocked() {
        return listed;
    }

    String topicLocked() {
        return topic;
    }

    List<SimContact> membersLocked() {
        return members;
    }

    String displayNameLocked(SimContact member) {
        return displayNames.getOrDefault(member, "");
    }

    String botDisplayNameLocked() {
        return botDisplayName;
    }

    void requireMember(SimContact member) {
        if (!members.contains(member)) {
            throw new IllegalArgumentException(member + " is not a member of the group " + topic);
        }
    }

    @Override
    public String toString() {
        return "group " + topic();
    }
}
