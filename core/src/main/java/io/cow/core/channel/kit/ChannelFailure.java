package io.cow.core.channel.kit;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A failure of a channel's session, in the one vocabulary every protocol's own errors map to, because the answer
 * to each is the same whatever the protocol: {@link Kind#RETRYABLE} (wait and try again), {@link Kind#LOGGED_OUT}
 * (the session is over: log in again) and {@link Kind#REFUSED} (the service refuses this account or credentials:
 * trying again as is will not help; a person must act). The message is the whole log line a person reads, so it
 * names the service and, where there is one, the fix. It carries no stack trace: it is an answer, not a bug.
 */
public final class ChannelFailure extends Exception {

    /** What a failure means for the session. */
    public enum Kind {
        /** The network or the service failed for now: the same attempt may work after a wait. */
        RETRYABLE,
        /** The session ended (logged out on the phone, expired, kicked): a new login is needed. */
        LOGGED_OUT,
        /** The service refuses the account or the credentials: retrying as is cannot help. */
        REFUSED
    }

    private final Kind kind;
    private final Duration retryAfter;

    private ChannelFailure(Kind kind, String message, Duration retryAfter, Throwable cause) {
        super(message, cause, false, false);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.retryAfter = retryAfter;
    }

    public static ChannelFailure retryable(String message) {
        return new ChannelFailure(Kind.RETRYABLE, message, null, null);
    }

    public static ChannelFailure retryable(String message, Throwable cause) {
        return new ChannelFailure(Kind.RETRYABLE, message, null, cause);
    }

    /** A retryable failure where the service said how long to wait. */
    public static ChannelFailure retryAfter(String message, Duration serverAsked) {
        return new ChannelFailure(Kind.RETRYABLE, message, serverAsked, null);
    }

    public static ChannelFailure loggedOut(String reason) {
        return new ChannelFailure(Kind.LOGGED_OUT, reason, null, null);
    }

    public static ChannelFailure refused(String reason) {
        return new ChannelFailure(Kind.REFUSED, reason, null, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The wait the service asked for, if it did. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /**
     * What went wrong in a few words, for log lines: the messages of the exception and its causes, without
     * repeats; the class name where an exception has no message (many network exceptions carry none).
     */
    public static String describe(Throwable e) {
        StringBuilder out = new StringBuilder();
        Throwable t = e;
        for (int depth = 0; t != null && depth < 3; depth++, t = t.getCause()) {
            String message = t.getMessage();
            String part = message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
            if (out.indexOf(part) < 0) {
                if (!out.isEmpty()) {
                    out.append(": ");
                }
                out.append(part);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return out.toString();
    }
}
