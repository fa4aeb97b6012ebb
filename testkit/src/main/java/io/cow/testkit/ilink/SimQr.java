package io.cow.testkit.ilink;

import java.time.Instant;
import java.util.List;

/** One QR code's login state in the simulator. Guarded by the simulator's lock. */
final class SimQr {

    enum State { WAIT, SCANNED, NEED_CODE, BLOCKED, CONFIRMED, ALREADY_BOUND, EXPIRED }

    final QrCode code;
    final Instant createdAt;
    State state = State.WAIT;
    String scannedBy;
    boolean redirect;
    String verifyCode;
    int wrongCodes;
    BotBinding binding;
    /** The status last answered per port, so a poll is held until something changes. */
    final java.util.Map<Integer, String> lastReported = new java.util.HashMap<>();
    java.util.concurrent.CompletableFuture<Void> changed = new java.util.concurrent.CompletableFuture<>();

    SimQr(QrCode code, Instant createdAt) {
        this.code = code;
        this.createdAt = createdAt;
    }

    List<String> localTokens() {
        return code.localTokens();
    }

    /** Replaces the change signal; the caller completes the returned old one outside the lock. */
    java.util.concurrent.CompletableFuture<Void> signal() {
        java.util.concurrent.CompletableFuture<Void> old = changed;
        changed = new java.util.concurrent.CompletableFuture<>();
        return old;
    }
}
