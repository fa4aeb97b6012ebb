package io.cow.ilink.api;

/**
 * The server answered HTTP 200 with a non-zero {@code ret} or {@code errcode}: the call failed.
 */
public class IlinkErrorException extends Exception {

    private final String call;
    private final int ret;
    private final int errcode;
    private final String errmsg;

    public IlinkErrorException(String call, int ret, int errcode, String errmsg) {
        super(call + " failed: ret=" + ret + (errcode != 0 ? ", errcode=" + errcode : "")
                + (errmsg == null || errmsg.isEmpty() ? "" : ", errmsg=\"" + errmsg + "\""));
        this.call = call;
        this.ret = ret;
        this.errcode = errcode;
        this.errmsg = errmsg == null ? "" : errmsg;
    }

    public String call() {
        return call;
    }

    public int ret() {
        return ret;
    }

    public int errcode() {
        return errcode;
    }

    public String errmsg() {
        return errmsg;
    }

    /** The error code that counts: {@code ret} when set, else {@code errcode}. */
    public int code() {
        return ret != 0 ? ret : errcode;
    }
}
