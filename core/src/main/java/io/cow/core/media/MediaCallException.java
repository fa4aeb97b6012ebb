package io.cow.core.media;

/** A transcription or image request failed; the message says why, without secrets. */
public final class MediaCallException extends Exception {

    public MediaCallException(String message, Throwable cause) {
        super(message, cause);
    }
}
