package io.cow.core.login;

import io.cow.core.channel.LoginQrCode;
import io.cow.core.message.BotAccount;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a channel instance's login stands, as its events last said.
 *
 * @param instance the instance's name
 * @param type     the channel type (web, ilink, wechaty, terminal)
 * @param status   the state
 * @param account  the account, when {@link Status#LOGGED_IN}; else null
 * @param qrCode   the QR code to scan, when {@link Status#WAITING_FOR_SCAN} or {@link Status#SCANNED}; else null
 * @param reason   why, when {@link Status#LOGGED_OUT}, {@link Status#REFUSED} or {@link Status#STOPPED}; else empty
 * @param since    when this state began
 * @param nextAttemptAt when the channel asks for its next QR code, when it waits for the relogin throttle (after a
 *                      logout, or after a QR code expired); else null
 */
public record LoginState(String instance, String type, Status status, BotAccount account, LoginQrCode qrCode,
                         String reason, Instant since, Instant nextAttemptAt) {

    /** The states of a login. */
    public enum Status {
        /** Started, nothing reported yet (resuming a saved session, connecting). */
        STARTING,
        /** A QR code waits to be scanned. */
        WAITING_FOR_SCAN,
        /** The QR code was scanned; the login waits for the confirmation on the phone. */
        SCANNED,
        /** Logged in: messages are answered. */
        LOGGED_IN,
        /** Logged out; the channel tries to log in again. */
        LOGGED_OUT,
        /** The transport refuses the account (web login barred, 1203); the channel stopped trying. */
        REFUSED,
        /** This process stopped running the instance (a cluster worker handed the account to another worker). */
        STOPPED
    }

    public LoginState {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(since, "since");
        reason = reason == null ? "" : reason;
    }

    /** A state without a next attempt. */
    public LoginState(String instance, String type, Status status, BotAccount account, LoginQrCode qrCode,
                      String reason, Instant since) {
        this(instance, type, status, account, qrCode, reason, since, null);
    }

    public static LoginState starting(String instance, String type, Instant at) {
        return new LoginState(instance, type, Status.STARTING, null, null, "", at);
    }

    public LoginState waitingForScan(LoginQrCode code, Instant at) {
        return new LoginState(instance, type, Status.WAITING_FOR_SCAN, null, Objects.requireNonNull(code, "code"), "", at);
    }

    /** The QR code was scanned: the same code, now waiting for the confirmation on the phone. */
    public LoginState scanned(Instant at) {
        return new LoginState(instance, type, Status.SCANNED, null, qrCode, "", at);
    }

    /**
     * The same state, with when the channel will ask for its next QR code (it waits for the relogin throttle). The
     * state's {@link #since} is kept: nothing but the countdown changed.
     */
    public LoginState nextAttemptAt(Instant at) {
        return new LoginState(instance, type, status, account, qrCode, reason, since, Objects.requireNonNull(at, "at"));
    }

    /** Whether this state says the same as {@code other} but for when it began and the next attempt (null: never). */
    public boolean sameAs(LoginState other) {
        return other != null && status == other.status && Objects.equals(account, other.account)
                && Objects.equals(qrCode, other.qrCode) && reason.equals(other.reason);
    }

    public LoginState loggedIn(BotAccount bot, Instant at) {
        return new LoginState(instance, type, Status.LOGGED_IN, Objects.requireNonNull(bot, "bot"), null, "", at);
    }

    public LoginState loggedOut(String why, Instant at) {
        return new LoginState(instance, type, Status.LOGGED_OUT, null, null, why, at);
    }

    public LoginState refused(String why, Instant at) {
        return new LoginState(instance, type, Status.REFUSED, null, null, why, at);
    }

    public LoginState stopped(String why, Instant at) {
        return new LoginState(instance, type, Status.STOPPED, null, null, why, at);
    }

    /** Whether the instance answers messages in this state. */
    public boolean isLoggedIn() {
        return status == Status.LOGGED_IN;
    }
}
