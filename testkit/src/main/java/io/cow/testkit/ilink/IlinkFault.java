package io.cow.testkit.ilink;

import java.time.Duration;

/** A scripted misbehaviour of one request to the simulator. */
public sealed interface IlinkFault {

    /** HTTP 200 with a non-zero {@code ret} (and {@code errcode} when given), as the real server fails. */
    record Ret(int ret, Integer errcode, String errmsg) implements IlinkFault {
    }

    /** An HTTP error status, with {@code x-error-message} when a message is given. */
    record HttpError(int status, String message) implements IlinkFault {
    }

    /** HTTP 200 with a body of this many bytes (a JSON string that never ends), made as it is sent. */
    record Huge(long bytes) implements IlinkFault {
    }

    /** Waits this long, then answers normally. */
    record Delay(Duration delay) implements IlinkFault {
    }

    static IlinkFault ret(int ret, String errmsg) {
        return new Ret(ret, null, errmsg);
    }

    /** {@code {"ret":-14,"errcode":-14,"errmsg":"session timeout"}} without revoking the token. */
    static IlinkFault sessionTimeout() {
        return new Ret(-14, -14, "session timeout");
    }

    /** {@code {"ret":-2,"errmsg":"rate limited"}}. */
    static IlinkFault rateLimited() {
        return new Ret(-2, null, "rate limited");
    }

    static IlinkFault http(int status) {
        return new HttpError(status, status >= 500 ? "server busy" : "bad request");
    }

    static IlinkFault huge(long bytes) {
        return new Huge(bytes);
    }

    static IlinkFault delay(Duration delay) {
        return new Delay(delay);
    }
}
