package io.cow.testkit.web;

/**
 * Encodes text the way the web service delivers it in {@code Content}: HTML-escaped ({@code &amp; &lt; &gt;}),
 * newlines as {@code <br/>}, and emoji (code points U+1F000..U+1FAFF) as
 * {@code <span class="emoji emoji1f600"></span>}.
 */
public final class WebText {

    private WebText() {
    }

    /** Message text as it arrives in {@code AddMsgList[].Content}. */
    public static String content(String text, boolean emojiSpans) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        String normalized = text.replace("\r\n", "\n");
        for (int i = 0; i < normalized.length(); ) {
            int cp = normalized.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\n' -> out.append("<br/>");
                default -> appendMaybeEmoji(out, cp, emojiSpans);
            }
        }
        return out.toString();
    }

    /** A name (NickName, DisplayName, RemarkName) as it arrives in contact objects: emoji as spans, no escaping. */
    public static String name(String name, boolean emojiSpans) {
        if (!emojiSpans) {
            return name;
        }
        StringBuilder out = new StringBuilder(name.length() + 16);
        name.codePoints().forEach(cp -> appendMaybeEmoji(out, cp, true));
        return out.toString();
    }

    private static void appendMaybeEmoji(StringBuilder out, int cp, boolean emojiSpans) {
        if (emojiSpans && cp >= 0x1F000 && cp <= 0x1FAFF) {
            out.append("<span class=\"emoji emoji").append(Integer.toHexString(cp)).append("\"></span>");
        } else {
            out.appendCodePoint(cp);
        }
    }
}
