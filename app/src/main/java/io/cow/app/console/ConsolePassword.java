package io.cow.app.console;

import io.cow.core.store.ChannelStateStore;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;

/**
 * The console's password: {@code console.password} from the configuration (a hash, or plain text that is hashed on
 * first use and then only compared as a hash), else one set through the setup page, kept hashed in the store.
 * While there is none and the console listens beyond this machine, a one-time setup token (printed in the log)
 * lets the first visitor set one.
 */
final class ConsolePassword {

    static final String STATE_CHANNEL = "console";
    static final String STATE_KEY = "passwordHash";

    private final String configured;
    private final ChannelStateStore state;
    private final boolean loopback;
    private String hash;
    private String setupToken;

    /** @param configured {@code console.password}: a hash, plain text, or empty */
    ConsolePassword(String configured, ChannelStateStore state, boolean loopback) {
        this.configured = configured;
        this.state = state;
        this.loopback = loopback;
        if (configured.isEmpty()) {
            this.hash = state.get(STATE_CHANNEL, STATE_KEY).orElse(null);
        } else if (PasswordHash.isHash(configured)) {
            this.hash = configured;
        }
        if (!isSet() && !loopback) {
            setupToken = Sessions.token();
        }
    }

    synchronized boolean isSet() {
        return hash != null || !configured.isEmpty();
    }

    /** Whether the console is locked until someone sets a password with the setup token. */
    synchronized boolean setupRequired() {
        return !isSet() && !loopback;
    }

    /** The one-time token, while setup is required. */
    synchronized String setupToken() {
        return setupRequired() ? setupToken : null;
    }

    synchronized boolean matches(String attempt) {
        if (!isSet() || attempt == null) {
            return false;
        }
        if (hash == null) {
            hash = PasswordHash.hash(configured);
        }
        return PasswordHash.matches(hash, attempt);
    }

    /** Whether the token is the setup token (compared in constant time). */
    synchronized boolean isSetupToken(String token) {
        String expected = setupToken();
        return expected != null && token != null
                && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }

    /** Sets the password through setup; the token is spent. */
    synchronized void set(String password) {
        String newHash = PasswordHash.hash(password);
        state.put(STATE_CHANNEL, STATE_KEY, newHash);
        hash = newHash;
        setupToken = null;
    }
}
