package io.cow.core.reply;

import org.commonmark.node.Node;

import java.util.List;
import java.util.function.Consumer;

/**
 * Renders a streamed Markdown answer for WeChat as it arrives, so that its first message can go out before the model
 * has finished: a top-level block is rendered and passed on once the next one has begun (nothing that follows can
 * change it then), the last one when the answer is complete. A long paragraph still being written is passed on up
 * to a point where nothing that follows can change how it reads: before a letter, with no Markdown sign before it.
 * The pieces add up to what rendering the whole answer at once gives, with two exceptions that do not occur in
 * answers: a paragraph of more than {@value #LONG_PARAGRAPH} characters without an inline sign that turns out to be
 * a setext heading (underlined with {@code ===}), or a table whose header row has no leading pipe and is that long.
 * With {@link MarkdownMode#KEEP} every piece is passed on as it comes.
 */
public final class MarkdownStream {

    /** A paragraph still being written is looked at for a safe cut from this length on. */
    static final int LONG_PARAGRAPH = 64;
    /** How much more of a long paragraph must arrive before it is looked at again. */
    private static final int CUT_CHECK_STEP = 16;
    /**
     * Characters that may start or end Markdown inline syntax: a text without them reads as it is written. An image's
     * {@code !} is harmless alone (its {@code [} is the sign), as is a {@code >} that does not start a line.
     */
    private static final String INLINE_SIGNS = "*_`\\[]<&~|";

    private final MarkdownMode mode;
    private final Consumer<String> sink;
    private final StringBuilder pending = new StringBuilder();
    /** Where in {@code pending} to look for the next blank line. */
    private int scanned;
    /** The length of {@code pending} at which to look for a safe cut in a long paragraph again. */
    private int nextCutCheck = LONG_PARAGRAPH;
    private boolean emittedAny;
    /** The last piece passed on ended inside a paragraph: the next continues it, without a blank line. */
    private boolean insideParagraph;

    public MarkdownStream(MarkdownMode mode, Consumer<String> sink) {
        this.mode = mode;
        this.sink = sink;
    }

    public void append(String piece) {
        if (mode == MarkdownMode.KEEP) {
            sink.accept(piece);
            return;
        }
        pending.append(piece);
        // A block can only be complete once a blank line follows it, so nothing is parsed before one arrives.
        if (piece.indexOf('\n') >= 0 && hasBlankLineSinceScan()) {
            emitCompleteBlocks();
        }
        if (pending.length() >= nextCutCheck) {
            nextCutCheck = pending.length() + CUT_CHECK_STEP;
            emitSafeBeginningOfParagraph();
        }
    }

    /** Passes on the rest. */
    public void finish() {
        if (mode == MarkdownMode.KEEP || pending.isEmpty()) {
            return;
        }
        // Most answers end in plain sentences: those read as written, without parsing.
        emit(isPlainParagraph() ? asRendered(pending.toString()).stripTrailing() : WeChatMarkdown.render(pending.toString()));
        pending.setLength(0);
        scanned = 0;
    }

    private boolean hasBlankLineSinceScan() {
        int from = Math.max(0, scanned - 1);
        scanned = pending.length();
        int lineStart = -1;
        for (int i = from; i < pending.length(); i++) {
            char c = pending.charAt(i);
            if (c == '\n') {
                if (lineStart >= 0) {
                    return true;
                }
                lineStart = i;
            } else if (c != ' ' && c != '\t' && c != '\r') {
                lineStart = -1;
            }
        }
        return false;
    }

    private void emitCompleteBlocks() {
        String text = pending.toString();
        List<Node> blocks = WeChatMarkdown.topLevelBlocks(text);
        if (blocks.size() < 2) {
            return;
        }
        Node last = blocks.get(blocks.size() - 1);
        emit(WeChatMarkdown.renderBlocks(blocks.subList(0, blocks.size() - 1)));
        // From the start of the block's line: indentation belongs to the block (an indented code block needs it).
        int start = WeChatMarkdown.start(last);
        pending.delete(0, text.lastIndexOf('\n', start - 1) + 1);
        scanned = 0;
        nextCutCheck = pending.length() + LONG_PARAGRAPH;
    }

    /** In a long paragraph still being written, passes on its beginning up to the last safe cut, as written. */
    private void emitSafeBeginningOfParagraph() {
        int cut = lastSafeCut();
        if (cut <= 0) {
            return;
        }
        emit(asRendered(pending.substring(0, cut)));
        insideParagraph = true;
        pending.delete(0, cut);
        scanned = 0;
    }

    /**
     * The end of the longest beginning of {@code pending} that has no inline sign and is followed by a letter, when
     * every line of {@code pending} starts with a letter; 0 when there is none. Lines that start with letters are one
     * paragraph (no block starts with a letter), and text without inline signs reads as it is written, whatever
     * follows; the paragraph's rest, starting with a letter, reads the same alone as after it (no delimiter touches
     * the cut). Found without parsing.
     */
    private int lastSafeCut() {
        int limit = pending.length() - 1;
        if (limit < 1 || !Character.isLetter(pending.charAt(0))) {
            return 0;
        }
        for (int i = 0; i < pending.length(); i++) {
            char c = pending.charAt(i);
            if (c == '\n' && i + 1 < pending.length() && !Character.isLetter(pending.charAt(i + 1))) {
                return 0;
            }
            if (i < limit && INLINE_SIGNS.indexOf(c) >= 0) {
                limit = i;
            }
        }
        for (int p = limit; p > 0; p--) {
            char after = pending.charAt(p);
            if (Character.isLetter(after) && !Character.isSurrogate(after) && !Character.isSurrogate(pending.charAt(p - 1))) {
                return p;
            }
        }
        return 0;
    }

    /** Whether {@code pending} is one paragraph of lines that start with letters, without an inline sign. */
    private boolean isPlainParagraph() {
        if (!Character.isLetter(pending.charAt(0))) {
            return false;
        }
        for (int i = 0; i < pending.length(); i++) {
            char c = pending.charAt(i);
            if (INLINE_SIGNS.indexOf(c) >= 0 || c == '\n' && i + 1 < pending.length() && !Character.isLetter(pending.charAt(i + 1))) {
                return false;
            }
        }
        return true;
    }

    /** What a paragraph's beginning without inline signs renders as: its lines without their outer spaces. */
    private static String asRendered(String beginning) {
        StringBuilder out = new StringBuilder(beginning.length());
        int lineStart = 0;
        for (int i = 0; i <= beginning.length(); i++) {
            if (i == beginning.length() || beginning.charAt(i) == '\n') {
                String line = beginning.substring(lineStart, i).stripLeading();
                out.append(i == beginning.length() ? line : line.stripTrailing()).append(i == beginning.length() ? "" : "\n");
                lineStart = i + 1;
            }
        }
        return out.toString();
    }

    private void emit(String rendered) {
        if (rendered.isEmpty()) {
            return;
        }
        String separator = emittedAny && !insideParagraph ? "\n\n" : "";
        sink.accept(separator + rendered);
        emittedAny = true;
        insideParagraph = false;
    }
}
