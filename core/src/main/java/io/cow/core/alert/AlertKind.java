package io.cow.core.alert;

/** What an alert is about. */
public enum AlertKind {
    /** A channel was logged out and needs a new QR scan. */
    LOGGED_OUT,
    /** WeChat refuses the account's login (web login 1203); a scan will not help. */
    LOGIN_REFUSED,
    /** The model failed several times in a row. */
    MODEL_FAILING,
    /** What an earlier alert reported is over. */
    RECOVERED
}
