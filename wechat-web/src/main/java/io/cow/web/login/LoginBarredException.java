package io.cow.web.login;

/** WeChat refuses web login for this account (newloginpage {@code ret} 1203): retrying cannot help. */
public final class LoginBarredException extends Exception {

    public LoginBarredException(String message) {
        super(message);
    }
}
