package io.cow.core.media;

import java.util.concurrent.CompletableFuture;

/** Draws a picture from a description (an OpenAI-compatible image API). */
public interface Drawer {

    /** The picture; the future fails with a {@link MediaCallException} naming the reason. */
    CompletableFuture<Picture> draw(String prompt);

    /** The profile that draws, for the usage rows. */
    String profile();

    /**
     * A drawn picture.
     *
     * @param data      the encoded image
     * @param mediaType such as {@code image/png}
     */
    record Picture(byte[] data, String mediaType) {
    }
}
