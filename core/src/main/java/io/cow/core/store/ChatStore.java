package io.cow.core.store;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The chats the bot has seen, for the console. Implementations are thread-safe. */
public interface ChatStore {

    /** Records chats seen: title, kind, last activity and outcome replace the stored ones; message counts add up. */
    void saw(Collection<SeenChat> chats);

    /**
     * Chats, the most recently active first.
     *
     * @param search only chats whose title or key contains this text (any case); empty for all
     */
    List<SeenChat> list(String search, int offset, int limit);

    /** How many chats {@link #list} would return without a limit. */
    int count(String search);

    Optional<SeenChat> find(String channel, String chatKey);
}
