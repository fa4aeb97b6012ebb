package io.cow.wechaty;

import io.cow.wechaty.grpc.ContactPayloadRequest;
import io.cow.wechaty.grpc.ContactPayloadResponse;
import io.cow.wechaty.grpc.PuppetGrpc;
import io.cow.wechaty.grpc.RoomMemberPayloadRequest;
import io.cow.wechaty.grpc.RoomMemberPayloadResponse;
import io.cow.wechaty.grpc.RoomPayloadRequest;
import io.cow.wechaty.grpc.RoomPayloadResponse;
import io.grpc.StatusRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Contacts, rooms and room members as the puppet service describes them, fetched once and kept until the
 * service says they changed (room events, dirty events) or the account logs out.
 */
final class PuppetDirectory {

    private static final Logger log = LoggerFactory.getLogger(PuppetDirectory.class);

    /** Payload types of the DIRTY event, as wechaty-puppet numbers them. */
    static final int DIRTY_MESSAGE = 1;
    static final int DIRTY_CONTACT = 2;
    static final int DIRTY_ROOM = 3;
    static final int DIRTY_ROOM_MEMBER = 4;

    private final Supplier<PuppetGrpc.PuppetBlockingStub> stub;
    private final Map<String, ContactPayloadResponse> contacts = new ConcurrentHashMap<>();
    private final Map<String, RoomPayloadResponse> rooms = new ConcurrentHashMap<>();
    private final Map<String, Optional<String>> roomAliases = new ConcurrentHashMap<>();

    /** @param stub a stub with a fresh deadline for each call */
    PuppetDirectory(Supplier<PuppetGrpc.PuppetBlockingStub> stub) {
        this.stub = stub;
    }

    /** The contact's payload; throws the service's error when it has none. */
    ContactPayloadResponse contact(String id) {
        ContactPayloadResponse cached = contacts.get(id);
        if (cached != null) {
            return cached;
        }
        ContactPayloadResponse fetched = stub.get().contactPayload(ContactPayloadRequest.newBuilder().setId(id).build());
        contacts.put(id, fetched);
        return fetched;
    }

    /** The contact's name, or its id when the service cannot say. */
    String contactName(String id) {
        try {
            String name = contact(id).getName();
            return name.isEmpty() ? id : name;
        } catch (StatusRuntimeException e) {
            log.debug("No payload for contact {}: {}", id, e.getStatus());
            return id;
        }
    }

    RoomPayloadResponse room(String id) {
        RoomPayloadResponse cached = rooms.get(id);
        if (cached != null) {
            return cached;
        }
        RoomPayloadResponse fetched = stub.get().roomPayload(RoomPayloadRequest.newBuilder().setId(id).build());
        rooms.put(id, fetched);
        return fetched;
    }

    /** The member's display name in the room, when it has one. */
    Optional<String> roomAlias(String roomId, String memberId) {
        String key = roomId + '\n' + memberId;
        Optional<String> cached = roomAliases.get(key);
        if (cached != null) {
            return cached;
        }
        Optional<String> alias;
        try {
            RoomMemberPayloadResponse member = stub.get().roomMemberPayload(
                    RoomMemberPayloadRequest.newBuilder().setId(roomId).setMemberId(memberId).build());
            alias = member.getRoomAlias().isBlank() ? Optional.empty() : Optional.of(member.getRoomAlias());
        } catch (StatusRuntimeException e) {
            log.debug("No member payload for {} in room {}: {}", memberId, roomId, e.getStatus());
            alias = Optional.empty();
        }
        roomAliases.put(key, alias);
        return alias;
    }

    void forgetRoom(String roomId) {
        rooms.remove(roomId);
        roomAliases.keySet().removeIf(key -> key.startsWith(roomId + '\n'));
    }

    void forgetContact(String contactId) {
        contacts.remove(contactId);
        roomAliases.keySet().removeIf(key -> key.endsWith('\n' + contactId));
    }

    /** A DIRTY event: the service says this payload changed. */
    void forget(int payloadType, String id) {
        switch (payloadType) {
            case DIRTY_CONTACT -> forgetContact(id);
            case DIRTY_ROOM -> forgetRoom(id);
            case DIRTY_ROOM_MEMBER -> {
                forgetRoom(id);
                forgetContact(id);
            }
            default -> {
                // message payloads are never cached
            }
        }
    }

    void clear() {
        contacts.clear();
        rooms.clear();
        roomAliases.clear();
    }
}
