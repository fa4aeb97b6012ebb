package io.cow.web.protocol;

/** The return codes of the protocol ({@code BaseResponse.Ret} and synccheck's {@code retcode}) this client acts on. */
public final class Ret {

    public static final int OK = 0;
    public static final int SESSION_MISSING = 1100;
    public static final int SESSION_INVALID = 1101;
    public static final int COOKIE_INVALID = 1102;
    public static final int LOGIN_BARRED = 1203;
    public static final int TOO_FREQUENT = 1205;

    private Ret() {
    }

    /** Whether the code says the session is over and a new login is needed. */
    public static boolean isLoggedOut(int code) {
        return code == SESSION_MISSING || code == SESSION_INVALID || code == COOKIE_INVALID;
    }

    /** What a code means, for a log line a person reads. */
    public static String describe(int code) {
        return switch (code) {
            case OK -> "OK";
            case SESSION_MISSING -> "1100: the session does not exist, or it was logged out on the phone";
            case SESSION_INVALID -> "1101: the session is invalid, or the account logged in elsewhere";
            case COOKIE_INVALID -> "1102: the cookies are invalid, or the session was kicked";
            case LOGIN_BARRED -> "1203: web login is barred for this account";
            case TOO_FREQUENT -> "1205: too frequent";
            case -1 -> "-1: system error";
            case -2 -> "-2: logic error";
            case -14 -> "-14: ticket error";
            case 1 -> "1: parameter error";
            case 1200 -> "1200: request parse error";
            default -> String.valueOf(code);
        };
    }
}
