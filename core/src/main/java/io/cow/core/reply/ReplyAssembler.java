package io.cow.core.reply;

import java.util.function.Consumer;

/**
 * Turns an answer, whole or streamed in pieces, into the messages to send: at most
 * {@link ReplyLimits#chunkSize()} characters each, cut between graphemes (preferring line breaks), and at
 * most {@link ReplyLimits#maxParts()} of them, the last one shortened with a note when the answer is longer.
 * Each part goes to the sink as soon as it is complete, so a streamed answer starts arriving early.
 */
public final class ReplyAssembler {

    /*
     * A part is cut as soon as one character beyond a full chunk has arrived: whether a grapheme boundary
     * lies before position p depends only on the text before p and the character at p, so every boundary
     * up to the chunk size is final then, and the part can go out without waiting for more of the stream.
     */

    private final ReplyLimits limits;
    private final String truncatedNote;
    private final Consumer<String> sink;
    private final StringBuilder buffer = new StringBuilder();
    private int emitted;
    private boolean finished;

    public ReplyAssembler(ReplyLimits limits, String truncatedNote, Consumer<String> sink) {
        this.limits = limits;
        this.truncatedNote = truncatedNote == null ? "" : truncatedNote;
        this.sink = sink;
    }

    /** Adds text; sends every part that is already complete. */
    public void append(String text) {
        if (finished) {
            throw new IllegalStateException("already finished");
        }
        buffer.append(text);
        while (emitted < limits.partsAllowed() - 1 && buffer.length() > limits.chunkSize()) {
            emitNextPart();
        }
    }

    /** Sends what is left. */
    public void finish() {
        if (finished) {
            return;
        }
        finished = true;
        while (buffer.length() > limits.chunkSize() && emitted < limits.partsAllowed() - 1) {
            emitNextPart();
        }
        if (buffer.length() > limits.chunkSize()) {
            emitTruncated();
        } else {
            emit(buffer.toString());
        }
        buffer.setLength(0);
    }

    /** Parts sent so far. */
    public int parts() {
        return emitted;
    }

    private void emitNextPart() {
        Graphemes.Cut cut = Graphemes.cut(buffer, limits.chunkSize());
        emit(buffer.substring(0, cut.at()));
        buffer.delete(0, cut.at() + cut.skip());
    }

    private void emitTruncated() {
        int room = Math.max(1, limits.chunkSize() - truncatedNote.length());
        Graphemes.Cut cut = Graphemes.cut(buffer, room);
        emit(buffer.substring(0, cut.at()).stripTrailing() + truncatedNote);
    }

    private void emit(String part) {
        if (part.isBlank()) {
            return;
        }
        emitted++;
        sink.accept(part);
    }

    /** Splits a whole text at once: the parts it would send. */
    public static java.util.List<String> split(String text, ReplyLimits limits, String truncatedNote) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        ReplyAssembler assembler = new ReplyAssembler(limits, truncatedNote, parts::add);
        assembler.append(text);
        assembler.finish();
        return parts;
    }
}
