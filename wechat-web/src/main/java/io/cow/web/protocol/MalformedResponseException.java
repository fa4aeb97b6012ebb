package io.cow.web.protocol;

import java.io.IOException;

/** A response from WeChat that does not have the expected shape; the caller retries as for any I/O failure. */
public final class MalformedResponseException extends IOException {

    public MalformedResponseException(String what, String body) {
        super(what + " (got: " + preview(body) + ")");
    }

    public MalformedResponseException(String what, String body, Throwable cause) {
        super(what + " (got: " + preview(body) + ")", cause);
    }

    private static String preview(String body) {
        if (body == null) {
            return "nothing";
        }
        String oneLine = body.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 120 ? "\"" + oneLine + "\"" : "\"" + oneLine.substring(0, 120) + "…\" (" + body.length() + " characters)";
    }
}
