package io.cow.ilink.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.cow.core.secret.Secrets;
import io.cow.core.store.ChannelStateStore;
import io.cow.ilink.api.Account;
import io.cow.ilink.api.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What lets the channel resume without a new scan, kept in the {@link ChannelStateStore} (owner-only):
 * the account (token, base URL, bot and user ids), the {@code getupdates} cursor, the latest
 * {@code context_token} per (bot, user), and recent accounts whose tokens the next QR login names.
 */
public final class IlinkState {

    private static final Logger log = LoggerFactory.getLogger(IlinkState.class);

    static final String ACCOUNT = "account";
    static final String RECENT = "recent-accounts";
    static final String CURSOR = "cursor";
    static final String CONTEXT_TOKEN_PREFIX = "context-token.";
    private static final int MAX_RECENT = 10;

    private final ChannelStateStore store;
    /** The channel instance whose state this is: the name it is kept under in the store. */
    private final String channel;
    private final Map<String, String> contextTokens = new ConcurrentHashMap<>();
    private volatile String cursor;

    public IlinkState(ChannelStateStore store, String channel) {
        this.store = store;
        this.channel = channel;
        this.cursor = store.get(channel, CURSOR).orElse("");
        account().ifPresent(a -> Secrets.register(a.token()));
        recentAccounts().forEach(a -> Secrets.register(a.token()));
    }

    /** The stored account, if a login happened and was not ended by the server. */
    public Optional<Account> account() {
        return read(ACCOUNT, new TypeReference<Account>() { });
    }

    /** Keeps a new login: the account, first among the recent ones (older logins of the same user go). */
    public synchronized void saveAccount(Account account) {
        Secrets.register(account.token());
        write(ACCOUNT, account);
        List<Account> recent = new ArrayList<>();
        recent.add(account);
        for (Account old : recentAccounts()) {
            if (!old.userId().equals(account.userId()) && !old.token().equals(account.token()) && recent.size() < MAX_RECENT) {
                recent.add(old);
            }
        }
        write(RECENT, recent);
    }

    /** Forgets the current account (its token stays among the recent ones) and resets the cursor. */
    public synchronized void endSession() {
        store.remove(channel, ACCOUNT);
        saveCursor("");
    }

    /** Recent accounts, newest first; their tokens go into {@code local_token_list}. */
    public List<Account> recentAccounts() {
        return read(RECENT, new TypeReference<List<Account>>() { }).orElse(List.of());
    }

    public String cursor() {
        return cursor;
    }

    public void saveCursor(String next) {
        String value = next == null ? "" : next;
        if (!value.equals(cursor)) {
            cursor = value;
            if (value.isEmpty()) {
                store.remove(channel, CURSOR);
            } else {
                store.put(channel, CURSOR, value);
            }
        }
    }

    /** The latest {@code context_token} a user's message to this bot carried (remembered across restarts). */
    public Optional<String> contextToken(String botId, String userId) {
        String key = contextTokenKey(botId, userId);
        String token = contextTokens.get(key);
        if (token == null) {
            token = store.get(channel, key).orElse(null);
            if (token != null) {
                contextTokens.putIfAbsent(key, token);
            }
        }
        return Optional.ofNullable(token);
    }

    /**
     * Keeps a user's newest token for this bot: one small entry per (bot, user), so taking a message in
     * costs one write however many users there are, and a new bot account never uses the old one's tokens.
     */
    public void saveContextToken(String botId, String userId, String token) {
        String key = contextTokenKey(botId, userId);
        if (token == null || token.isEmpty() || token.equals(contextTokens.put(key, token))) {
            return;
        }
        store.put(channel, key, token);
    }

    /** Store keys are plain names: the ids (which contain '@') in URL-safe Base64. */
    static String contextTokenKey(String botId, String userId) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return CONTEXT_TOKEN_PREFIX + b64.encodeToString(botId.getBytes(StandardCharsets.UTF_8))
                + "." + b64.encodeToString(userId.getBytes(StandardCharsets.UTF_8));
    }

    private <T> Optional<T> read(String key, TypeReference<T> type) {
        Optional<String> text = store.get(channel, key);
        if (text.isEmpty() || text.get().isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(Json.MAPPER.readValue(text.get(), type));
        } catch (JsonProcessingException e) {
            log.warn("⚠️ Ignoring unreadable iLink state '{}' ({}); a new QR login may be needed", key, e.getOriginalMessage());
            return Optional.empty();
        }
    }

    private void write(String key, Object value) {
        try {
            store.put(channel, key, Json.MAPPER.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write the iLink state '" + key + "'", e);
        }
    }
}
