package io.cow.wechaty;

import io.cow.wechaty.grpc.ContactPayloadRequest;
import io.cow.wechaty.grpc.ContactPayloadResponse;
import io.cow.wechaty.grpc.PuppetGrpc;
import io.cow.wechaty.grpc.RoomMemberPayloadRequest;
import io.cow.wechaty.grpc.RoomMemberPayloadResponse;
import io.cow.wechaty.grpc.RoomPayloadRequest;
import io.cow.wechaty.grpc.RoomPayloadResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Contacts, rooms and room members as the puppet service describes them, fetched once (asynchronously: the answers
 * arrive on the transport's thread, which must never wait) and kept until the service says they changed (room
 * events, dirty events) or the account logs out. A failed lookup is forgotten, so the next one asks again.
 */
final class PuppetDirectory {

    private static final Logger log = LoggerFactory.getLogger(PuppetDirectory.class);

    /** Payload types of the DIRTY event, as wechaty-puppet numbers them. */
    static final int DIRTY_MESSAGE = 1;
    static final int DIRTY_CONTACT = 2;
    static final int DIRTY_ROOM = 3;
    static final int DIRTY_ROOM_MEMBER = 4;

    private final Supplier<PuppetGrpc.PuppetStub> stub;
    private final Map<String, CompletableFuture<ContactPayloadResponse>> contacts = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<RoomPayloadResponse>> rooms = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Optional<String>>> roomAliases = new ConcurrentHashMap<>();

    /** @param stub a stub with a fresh deadline for each call */
    PuppetDirectory(Supplier<PuppetGrpc.PuppetStub> stub) {
        this.stub = stub;
    }

    /** The contact's payload; fails with the service's error when it has none. */
    CompletableFuture<ContactPayloadResponse> contact(String id) {
        return cached(contacts, id, () -> Unary.<ContactPayloadResponse>call(
                o -> stub.get().contactPayload(ContactPayloadRequest.newBuilder().setId(id).build(), o)));
    }

    /** The contact's name, or its id when the service cannot say. */
    CompletableFuture<String> contactName(String id) {
        return contact(id).handle((contact, error) -> {
            if (error != null) {
                log.debug("No payload for contact {}: {}", id, error.getMessage());
                return id;
            }
            return contact.getName().isEmpty() ? id : contact.getName();
        });
    }

    /** The id of a contact already fetched whose remark name (alias) or name is this. */
    Optional<String> knownContactNamed(String name) {
        return contacts.entrySet().stream()
                .filter(e -> e.getValue().isDone() && !e.getValue().isCompletedExceptionally())
                .filter(e -> name.equals(e.getValue().join().getAlias()) || name.equals(e.getValue().join().getName()))
                .map(Map.Entry::getKey)
                .findFirst();
    }

    CompletableFuture<RoomPayloadResponse> room(String id) {
        return cached(rooms, id, () -> Unary.<RoomPayloadResponse>call(
                o -> stub.get().roomPayload(RoomPayloadRequest.newBuilder().setId(id).build(), o)));
    }

    /** The member's display name in the room, when it has one. */
    CompletableFuture<Optional<String>> roomAlias(String roomId, String memberId) {
        return cached(roomAliases, roomId + '\n' + memberId, () -> Unary.<RoomMemberPayloadResponse>call(o -> stub.get()
                        .roomMemberPayload(RoomMemberPayloadRequest.newBuilder().setId(roomId).setMemberId(memberId).build(), o))
                .handle((member, error) -> {
                    if (error != null) {
                        log.debug("No member payload for {} in room {}: {}", memberId, roomId, error.getMessage());
                        return Optional.empty();
                    }
                    return member.getRoomAlias().isBlank() ? Optional.empty() : Optional.of(member.getRoomAlias());
                }));
    }

    /** The cached answer, or a fetch whose failure is not kept. */
    private static <T> CompletableFuture<T> cached(Map<String, CompletableFuture<T>> cache, String key, Supplier<CompletableFuture<T>> fetch) {
        CompletableFuture<T> known = cache.get(key);
        if (known != null) {
            return known;
        }
        CompletableFuture<T> fresh = new CompletableFuture<>();
        known = cache.putIfAbsent(key, fresh);
        if (known != null) {
            return known;
        }
        fetch.get().whenComplete((value, error) -> {
            if (error != null) {
                cache.remove(key, fresh);
                fresh.completeExceptionally(error);
            } else {
                fresh.complete(value);
            }
        });
        return fresh;
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
