package io.cow.ilink.api;

/** {@code -14 "session timeout"}: the token is no longer valid; only a new QR scan helps. */
public final class SessionExpiredException extends IlinkErrorException {

    public static final int CODE = -14;

    public SessionExpiredException(String call, int ret, int errcode, String errmsg) {
        super(call, ret, errcode, errmsg);
    }
}
