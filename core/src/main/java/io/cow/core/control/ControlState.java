package io.cow.core.control;

import io.cow.core.access.AccessRules;
import io.cow.core.message.Chat;
import io.cow.core.store.ChatSettingsStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What admins changed with commands, kept in the store's per-chat settings so it survives restarts: paused chats
 * (and "all"), chats added to the allow and deny lists, quotas set for a person or group. Rows for one chat are
 * under its key; rows for a whole channel instance under the key {@value #WHOLE}, and rows for every instance under
 * the channel {@value #WHOLE} too. Read once, then served from memory: this class is the only writer.
 */
final class ControlState {

    static final String WHOLE = "*";
    private static final String PAUSED = "paused";
    private static final String ALLOW = "allow:";
    private static final String DENY = "deny:";
    private static final String QUOTA = "quota:";

    private final ChatSettingsStore store;
    private final Map<String, Map<String, String>> rows = new ConcurrentHashMap<>();
    private final Map<String, Lists> lists = new ConcurrentHashMap<>();

    /** The stored allow and deny patterns of one instance, parsed. */
    private record Lists(Function<Chat, Optional<String>> allow, Function<Chat, Optional<String>> deny) {
    }

    ControlState(ChatSettingsStore store) {
        this.store = store;
    }

    private Map<String, String> rows(String channel, String chatKey) {
        return rows.computeIfAbsent(channel + '\n' + chatKey, k -> new ConcurrentHashMap<>(store.get(channel, chatKey)));
    }

    private synchronized void put(String channel, String chatKey, String name, String value) {
        store.put(channel, chatKey, name, value);
        rows(channel, chatKey).put(name, value);
    }

    private synchronized void remove(String channel, String chatKey, String name) {
        store.remove(channel, chatKey, name);
        rows(channel, chatKey).remove(name);
    }

    boolean pausedEverywhere() {
        return rows(WHOLE, WHOLE).containsKey(PAUSED);
    }

    boolean paused(String channel, String chatKey) {
        return rows(channel, chatKey).containsKey(PAUSED);
    }

    void pause(String channel, String chatKey, String since) {
        put(channel, chatKey, PAUSED, since);
    }

    void resume(String channel, String chatKey) {
        remove(channel, chatKey, PAUSED);
    }

    /** Adds the pattern to the instance's stored allow list (or deny list) and takes it off the other one. */
    void listAccess(String channel, String pattern, boolean allow) {
        remove(channel, WHOLE, (allow ? DENY : ALLOW) + pattern);
        put(channel, WHOLE, (allow ? ALLOW : DENY) + pattern, "");
        lists.remove(channel);
    }

    /**
     * What the stored lists say about a chat: a refusal naming the {@code #deny} entry, "" when {@code #allow} allows it
     * whatever the configured lists say, or empty when they do not name it.
     */
    Optional<String> storedAccess(String channel, Chat chat) {
        Lists l = lists.computeIfAbsent(channel, c -> new Lists(AccessRules.firstMatch(names(c, ALLOW)), AccessRules.firstMatch(names(c, DENY))));
        Optional<String> denied = l.deny().apply(chat);
        if (denied.isPresent()) {
            return Optional.of("an admin denied it (#deny " + denied.get() + ")");
        }
        return l.allow().apply(chat).map(p -> "");
    }

    List<String> names(String channel, String prefix) {
        List<String> out = new ArrayList<>();
        rows(channel, WHOLE).keySet().stream().filter(n -> n.startsWith(prefix)).sorted().forEach(n -> out.add(n.substring(prefix.length())));
        return out;
    }

    void setQuota(String who, DailyLimit limit) {
        if (limit.limited()) {
            put(WHOLE, WHOLE, QUOTA + who, limit.toString());
        } else {
            remove(WHOLE, WHOLE, QUOTA + who);
        }
    }

    /** The quota an admin set for any of these names (a person's or group's key or name), the first found. */
    Optional<DailyLimit> quota(String... names) {
        Map<String, String> all = rows(WHOLE, WHOLE);
        for (String name : names) {
            String value = all.get(QUOTA + name);
            if (value != null) {
                return Optional.of(DailyLimit.parse(value));
            }
        }
        return Optional.empty();
    }
}
