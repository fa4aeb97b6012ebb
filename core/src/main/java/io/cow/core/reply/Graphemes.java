package io.cow.core.reply;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds safe places to cut text: between user-perceived characters (extended grapheme clusters), so a cut
 * never splits a surrogate pair, a flag, a skin-tone or ZWJ emoji sequence, or a letter from its accents.
 */
public final class Graphemes {

    private static final Pattern CLUSTER = Pattern.compile("\\X");

    private Graphemes() {
    }

    /**
     * The best cut at or before {@code limit}: the last line break in the second half of the range when
     * there is one (the line break itself is dropped by the caller), else the last cluster boundary.
     *
     * @return the cut; {@link Cut#skip()} is 1 when the cut falls on a line break to drop
     */
    public static Cut cut(CharSequence text, int limit) {
        if (text.length() <= limit) {
            return new Cut(text.length(), 0);
        }
        Matcher m = CLUSTER.matcher(text);
        int lastBoundary = 0;
        int lastBreak = -1;
        while (m.find()) {
            if (m.end() > limit) {
                break;
            }
            if (m.end() - m.start() == 1 && text.charAt(m.start()) == '\n') {
                lastBreak = m.start();
            }
            lastBoundary = m.end();
        }
        if (lastBreak >= limit / 2) {
            return new Cut(lastBreak, 1);
        }
        if (lastBoundary == 0) {
            // One cluster longer than the limit: cut it, but never inside a surrogate pair.
            int at = limit;
            if (Character.isHighSurrogate(text.charAt(at - 1))) {
                at--;
            }
            return new Cut(at, 0);
        }
        return new Cut(lastBoundary, 0);
    }

    /**
     * Where to cut and how many characters to drop there.
     *
     * @param at   the end of the first part
     * @param skip characters after {@code at} that belong to neither part (a line break)
     */
    public record Cut(int at, int skip) {
    }
}
