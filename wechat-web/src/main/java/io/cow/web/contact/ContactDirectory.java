package io.cow.web.contact;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The contacts of one login, by address. Addresses change at every login, so what outlives a login is keyed
 * by {@link #stableKey}: the remark name or nickname of a person, the topic of a group. Read by the send
 * thread while the sync thread updates it.
 */
public final class ContactDirectory {

    private final Map<String, Contact> byUserName = new ConcurrentHashMap<>();

    public void put(Contact contact) {
        if (contact.userName().isEmpty()) {
            return;
        }
        Contact known = byUserName.get(contact.userName());
        // Contact lists often hold groups with empty member lists: keep the members a detailed fetch gave.
        if (known != null && contact.isGroup() && contact.members().isEmpty() && !known.members().isEmpty()) {
            contact = contact.withMembers(known.members());
        }
        byUserName.put(contact.userName(), contact);
    }

    public void putAll(Collection<Contact> contacts) {
        contacts.forEach(this::put);
    }

    public void remove(String userName) {
        byUserName.remove(userName);
    }

    public Optional<Contact> get(String userName) {
        return Optional.ofNullable(byUserName.get(userName));
    }

    public int size() {
        return byUserName.size();
    }

    public Collection<Contact> all() {
        return byUserName.values();
    }

    /** A stable identity of a contact that survives logins: remark name, else nickname (a group's topic). */
    public static String stableKey(Contact contact) {
        String title = contact.title();
        return title.isBlank() ? contact.userName() : title;
    }

    /** The current address of the contact whose stable key this is, of the given kind (group or not). */
    public Optional<String> userNameForKey(String key, boolean group) {
        return byUserName.values().stream()
                .filter(c -> c.isGroup() == group && stableKey(c).equals(key))
                .map(Contact::userName)
                .findFirst();
    }
}
