package io.cow.web.http;

import java.io.IOException;

/** WeChat answered with an HTTP error status; the caller retries as for any I/O failure. */
public final class HttpStatusException extends IOException {

    private final int status;

    public HttpStatusException(String what, int status) {
        super(what + " answered HTTP " + status);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
