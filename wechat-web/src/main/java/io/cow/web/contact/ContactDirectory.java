package io.cow.web.contact;

import io.cow.core.log.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The contacts of one login, by address. Addresses change at every login, so what outlives a login (a
 * conversation, a reply waiting for the next login) is keyed by {@link #keyOf}: the most stable name the protocol
 * has, made unique within the login, or good for this login only when nothing tells two contacts apart. Read by the
 * send thread while the sync thread updates it.
 */
public final class ContactDirectory {

    private static final Logger log = LoggerFactory.getLogger(ContactDirectory.class);
    /** Separates a name from what tells two contacts of that name apart, in a key; no name holds it. */
    static final char MORE = '\u001F';

    private final Map<String, Contact> byUserName = new ConcurrentHashMap<>();
    /** The addresses under each name (persons and groups apart), so that a unique name costs no search. */
    private final Map<String, Set<String>> byName = new ConcurrentHashMap<>();
    /** Names already said to be ambiguous in this login: each is logged once. */
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    public void put(Contact contact) {
        if (contact.userName().isEmpty()) {
            return;
        }
        Contact known = byUserName.get(contact.userName());
        // Contact lists often hold groups with empty member lists: keep the members a detailed fetch gave.
        if (known != null && contact.isGroup() && contact.members().isEmpty() && !known.members().isEmpty()) {
            contact = contact.withMembers(known.members());
        }
        if (known != null) {
            unindex(known);
        }
        byUserName.put(contact.userName(), contact);
        byName.computeIfAbsent(nameOf(contact), n -> ConcurrentHashMap.newKeySet()).add(contact.userName());
    }

    public void putAll(Collection<Contact> contacts) {
        contacts.forEach(this::put);
    }

    public void remove(String userName) {
        Contact removed = byUserName.remove(userName);
        if (removed != null) {
            unindex(removed);
        }
    }

    private void unindex(Contact contact) {
        Set<String> same = byName.get(nameOf(contact));
        if (same != null) {
            same.remove(contact.userName());
        }
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

    /**
     * A key of the contact that outlives logins: its remark name (the owner's name for it), else its nickname (a
     * group's topic). When another contact of this login has the same name, the key adds what tells them apart (a
     * person's sex, province and city); when nothing does, the key holds the address and is good for this login
     * only: neither contact gets the conversation kept under the name, and a reply is never sent to "whoever has
     * that name" after a new login.
     */
    public String keyOf(Contact contact) {
        String title = contact.title();
        if (title.isBlank()) {
            return contact.userName();
        }
        List<Contact> others = othersNamed(contact);
        if (others.isEmpty()) {
            return title;
        }
        String refined = refined(contact);
        if (!contact.isGroup() && others.stream().noneMatch(c -> refined(c).equals(refined))) {
            return refined;
        }
        ambiguous(title);
        return MORE + contact.userName();
    }

    private List<Contact> othersNamed(Contact contact) {
        Set<String> same = byName.get(nameOf(contact));
        if (same == null) {
            return List.of();
        }
        return same.stream().filter(u -> !u.equals(contact.userName())).map(byUserName::get).filter(Objects::nonNull).toList();
    }

    /**
     * The key of a group member, within their group: a friend's {@link #keyOf}, anyone else's nickname; when another
     * member goes by the same name, what tells them apart ({@code AttrStatus}) is added, and when nothing does, the
     * key is good for this login only, as in {@link #keyOf}.
     */
    public String memberKeyOf(Contact group, Contact member) {
        String name = nameInGroup(member);
        if (name.isBlank()) {
            return member.userName();
        }
        List<Contact> others = group.members().stream()
                .filter(m -> !m.userName().equals(member.userName()) && nameInGroup(m).equals(name)).toList();
        if (others.isEmpty()) {
            return get(member.userName()).map(this::keyOf).orElse(name);
        }
        if (member.attrStatus() != 0 && others.stream().noneMatch(m -> m.attrStatus() == member.attrStatus())) {
            return name + MORE + member.attrStatus();
        }
        ambiguous(name + " (in " + group.nickName() + ")");
        return MORE + member.userName();
    }

    /** A member who is a friend goes by the owner's remark name for them, anyone else by their nickname. */
    private String nameInGroup(Contact member) {
        return get(member.userName()).map(Contact::title).orElse(member.nickName());
    }

    private void ambiguous(String name) {
        if (reported.add(name) && log.isWarnEnabled()) {
            log.warn("⚠️ Two contacts are called '{}' and nothing tells them apart: neither gets the conversation kept under "
                    + "that name, each starts afresh, and replies to them are not sent on after a new login", LogText.of(name));
        }
    }

    private static String nameOf(Contact contact) {
        return (contact.isGroup() ? "g" : "p") + contact.title();
    }

    private static String refined(Contact contact) {
        return contact.title() + MORE + contact.sex() + MORE + contact.province() + MORE + contact.city();
    }

    /**
     * The current address of the contact whose key this is, of the given kind (group or not); none for a key that
     * was good for one login only, and none when the name now belongs to two contacts nothing tells apart.
     */
    public Optional<String> userNameForKey(String key, boolean group) {
        if (key.isEmpty() || key.charAt(0) == MORE) {
            return Optional.empty();
        }
        int more = key.indexOf(MORE);
        String title = more < 0 ? key : key.substring(0, more);
        Set<String> same = byName.get((group ? "g" : "p") + title);
        if (same == null) {
            return Optional.empty();
        }
        return same.stream().map(byUserName::get).filter(c -> c != null && keyOf(c).equals(key)).map(Contact::userName).findFirst();
    }
}
