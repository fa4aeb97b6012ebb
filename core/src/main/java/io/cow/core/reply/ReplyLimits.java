package io.cow.core.reply;

/**
 * How much one answer may take on a transport.
 *
 * @param chunkSize longest single message, in UTF-16 characters (what WeChat and JavaScript count)
 * @param maxParts  most messages one answer may use; {@code 0} means no limit
 */
public record ReplyLimits(int chunkSize, int maxParts) {

    public ReplyLimits {
        if (chunkSize < 20) {
            throw new IllegalArgumentException("chunkSize must be at least 20, was " + chunkSize);
        }
        if (maxParts < 0) {
            throw new IllegalArgumentException("maxParts must not be negative, was " + maxParts);
        }
    }

    public static ReplyLimits chunkSize(int chunkSize) {
        return new ReplyLimits(chunkSize, 0);
    }

    /** The number of parts allowed, with "no limit" as {@link Integer#MAX_VALUE}. */
    public int partsAllowed() {
        return maxParts == 0 ? Integer.MAX_VALUE : maxParts;
    }
}
