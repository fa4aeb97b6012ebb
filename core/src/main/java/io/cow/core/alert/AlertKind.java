package io.cow.core.alert;

/** What an alert is about. */
public enum AlertKind {
    /** A channel was logged out; it tries to log in again (usually with a new QR code). */
    LOGGED_OUT,
    /**
     * A channel needs this QR code scanned to log in ({@link Alert#qrContent()}). Each new code of one outage is a new
     * alert, rate-limited: an expired code is useless to the owner.
     */
    QR_CODE,
    /** WeChat refuses the account's login (web login 1203); a scan will not help. */
    LOGIN_REFUSED,
    /** The model failed several times in a row. */
    MODEL_FAILING,
    /**
     * The account-safety governor holds sending back: the day's send budget nears its end, or WeChat warned (1205) and
     * sending pauses. A notice, not an outage: no {@link #RECOVERED} follows.
     */
    SENDING_LIMITED,
    /** What an earlier alert reported is over. */
    RECOVERED
}
