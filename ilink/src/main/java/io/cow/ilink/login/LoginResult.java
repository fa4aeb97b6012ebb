package io.cow.ilink.login;

import io.cow.ilink.api.Account;

/** How a QR login ended. */
public sealed interface LoginResult {

    /** A new account: the scan was confirmed. */
    record Confirmed(Account account) implements LoginResult {
    }

    /** {@code binded_redirect}: the user is already bound to this client, the earlier token stays valid. */
    record AlreadyBound() implements LoginResult {
    }

    /** No login: nobody confirmed in time, the server refused, or a verification number was missing. */
    record Failed(String reason) implements LoginResult {
    }
}
