package io.cow.web.protocol;

/** WeChat answered a call with a {@code BaseResponse.Ret} other than 0. */
public final class RetException extends Exception {

    private final int ret;

    public RetException(String what, int ret) {
        super(what + " answered Ret " + Ret.describe(ret));
        this.ret = ret;
    }

    public int ret() {
        return ret;
    }

    public boolean loggedOut() {
        return Ret.isLoggedOut(ret);
    }
}
