package io.cow.core.media;

import io.cow.core.channel.Channel;
import io.cow.core.message.IncomingMessage;

/** Where received media are downloaded to and checked (size caps, type from the bytes) and kept for a while. */
public interface MediaLibrary {

    /**
     * Downloads the message's attachment through its channel.
     *
     * @throws MediaRejectedException when it is too large, corrupt, of an unknown type or cannot be downloaded
     */
    MediaFile take(Channel channel, IncomingMessage message) throws MediaRejectedException, InterruptedException;

    /** Why an attachment was not taken, in words for the log. */
    final class MediaRejectedException extends Exception {
        public MediaRejectedException(String reason) {
            super(reason);
        }

        public MediaRejectedException(String reason, Throwable cause) {
            super(reason, cause);
        }
    }
}
