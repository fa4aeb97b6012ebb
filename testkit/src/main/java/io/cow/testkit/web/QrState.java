package io.cow.testkit.web;

/** Where a login uuid stands; the {@code login} poll answers from it. */
public enum QrState {
    /** Requested by jslogin, not scanned: the poll answers 408. */
    WAITING,
    /** Scanned on the phone, not confirmed: 201 with the avatar. */
    SCANNED,
    /** Issued by webwxpushloginurl; the phone prompts once the client polls with {@code tip=1}: 408 meanwhile. */
    PUSHED,
    /** A push login the phone is prompting for (the client polled with {@code tip=1}): 408 until confirmed. */
    PROMPTED,
    /** Confirmed: 200 with the redirect_uri holding the ticket. */
    CONFIRMED,
    /** The ticket was exchanged by webwxnewloginpage: 400 from now on. */
    REDEEMED,
    /** Cancelled on the phone: 202. */
    CANCELLED,
    /** Expired: 400. */
    EXPIRED
}
