package io.cow.testkit.web;

/** One login uuid and its state; guarded by the simulator's lock. */
final class QrLogin {

    final String uuid;
    final boolean push;
    final long expiresAtNanos;
    final String redirectUri;
    QrState state;
    boolean scanReported;
    String ticket;
    long scanTimeSeconds;
    int polls;

    QrLogin(String uuid, boolean push, long expiresAtNanos, String redirectUri) {
        this.uuid = uuid;
        this.push = push;
        this.expiresAtNanos = expiresAtNanos;
        this.redirectUri = redirectUri;
        this.state = push ? QrState.PUSHED : QrState.WAITING;
    }

    /** Moves to EXPIRED when the uuid's time is up and it was not used; returns the current state. */
    QrState refresh(long nowNanos) {
        if (nowNanos - expiresAtNanos >= 0 && (state == QrState.WAITING || state == QrState.SCANNED
                || state == QrState.PUSHED || state == QrState.PROMPTED)) {
            state = QrState.EXPIRED;
        }
        return state;
    }

    boolean pending() {
        return state == QrState.WAITING || state == QrState.SCANNED || state == QrState.PUSHED
                || state == QrState.PROMPTED;
    }
}
