package io.cow.core.channel.kit;

import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Why a part was not (certainly) sent, where it matters beyond "the service refused it": a durable
 * {@link PartSource} keeps a part that was {@link Kind#NOT_SENT} for the next try (after a restart), and gives up one
 * that was {@link Kind#POSSIBLY_DELIVERED} without sending it again, since the transport may have shown it already.
 * Any other failure of a send means the service refused the part: it is given up.
 */
public final class SendFailure extends RuntimeException {

    /** What became of the part. */
    public enum Kind {
        /** Certainly not sent (the channel stopped before it could, or was logged out): try again later. */
        NOT_SENT,
        /**
         * The request may have reached the service (a gateway's 502/504, a connection dropped after the request was
         * written): sending again could show it twice, unless the service dedupes on the part's client id.
         */
        POSSIBLY_DELIVERED
    }

    private final Kind kind;

    private SendFailure(Kind kind, String message, Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
    }

    public static SendFailure notSent(String message) {
        return new SendFailure(Kind.NOT_SENT, message, null);
    }

    public static SendFailure possiblyDelivered(String message, Throwable cause) {
        return new SendFailure(Kind.POSSIBLY_DELIVERED, message, cause);
    }

    public Kind kind() {
        return kind;
    }

    /** The kind of a failure as a send's future reports it (wrapped or not); empty for a refusal. */
    public static Optional<Kind> kindOf(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof SendFailure sendFailure ? Optional.of(sendFailure.kind()) : Optional.empty();
    }
}
