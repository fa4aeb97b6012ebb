package io.cow.core.store;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Chats seen, in memory, for tests and for running without a database. Lost at restart. */
final class InMemoryChatStore implements ChatStore {

    private final Map<String, SeenChat> chats = new LinkedHashMap<>();

    @Override
    public synchronized void saw(Collection<SeenChat> seen) {
        for (SeenChat chat : seen) {
            SeenChat old = chats.get(id(chat.channel(), chat.chatKey()));
            long messages = chat.messages() + (old == null ? 0 : old.messages());
            chats.put(id(chat.channel(), chat.chatKey()), new SeenChat(chat.channel(), chat.chatKey(), chat.kind(), chat.title(),
                    chat.lastAt(), chat.lastOutcome(), messages));
        }
    }

    @Override
    public synchronized List<SeenChat> list(String search, int offset, int limit) {
        return matching(search).skip(offset).limit(limit).toList();
    }

    @Override
    public synchronized int count(String search) {
        return (int) matching(search).count();
    }

    @Override
    public synchronized Optional<SeenChat> find(String channel, String chatKey) {
        return Optional.ofNullable(chats.get(id(channel, chatKey)));
    }

    private java.util.stream.Stream<SeenChat> matching(String search) {
        String needle = search == null ? "" : search.toLowerCase(Locale.ROOT);
        return chats.values().stream()
                .filter(c -> needle.isEmpty() || c.title().toLowerCase(Locale.ROOT).contains(needle)
                        || c.chatKey().toLowerCase(Locale.ROOT).contains(needle))
                .sorted(Comparator.comparing(SeenChat::lastAt).reversed());
    }

    private static String id(String channel, String chatKey) {
        return channel + '\u0000' + chatKey;
    }
}
