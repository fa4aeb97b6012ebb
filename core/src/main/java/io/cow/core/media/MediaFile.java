package io.cow.core.media;

import io.cow.core.message.Attachment;

import java.io.IOException;

/** A received attachment, downloaded and checked: its type sniffed from its bytes, its size within the cap. */
public interface MediaFile {

    Attachment attachment();

    /** The media type the bytes show, such as {@code image/jpeg}. */
    String mediaType();

    long size();

    /** Reads the bytes; for the one request that needs them. */
    byte[] bytes() throws IOException;

    /** Deletes the file: it is not needed any more. */
    void delete();
}
