package io.cow.ilink.api;

import java.io.IOException;

/** The server answered with an HTTP error status: a transport failure, not a protocol answer. */
public final class IlinkHttpException extends IOException {

    private final int status;

    public IlinkHttpException(String call, int status, String detail) {
        super(call + " failed: HTTP " + status + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")"));
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** 5xx: the server may answer the same request later. */
    public boolean retryable() {
        return status >= 500;
    }
}
