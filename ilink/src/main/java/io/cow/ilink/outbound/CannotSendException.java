package io.cow.ilink.outbound;

import java.io.IOException;

/** A message cannot go out at all (not logged in, no context token): retrying would not help. */
public final class CannotSendException extends IOException {

    public CannotSendException(String message) {
        super(message);
    }
}
