package io.cow.core.media;

/** Turns a voice message into text (an OpenAI-compatible {@code /audio/transcriptions} endpoint). */
public interface Transcriber {

    /**
     * The text of the voice message.
     *
     * @throws MediaCallException when the endpoint failed, with its reason
     */
    String transcribe(MediaFile voice) throws MediaCallException;

    /** The profile that transcribes, for the usage rows. */
    String profile();
}
