package io.cow.core.log;

/**
 * What people wrote, made safe for one log line: line breaks, tabs and other control characters (an ANSI escape
 * sequence starts with one) are shown as escapes, so nobody can forge a log line or recolour a terminal by writing to
 * the bot, and a long text is cut to a length a log line can bear.
 */
public final class LogText {

    /** The most characters of one text a log line shows. */
    public static final int MAX = 200;

    private LogText() {
    }

    public static String of(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX) + 16);
        int shown = 0;
        for (int i = 0; i < text.length() && shown < MAX; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && shown + 1 == MAX) {
                        break;
                    } else {
                        out.append(c);
                    }
                }
            }
            shown++;
        }
        if (text.length() > shown) {
            out.append("…(").append(text.length()).append(" characters)");
        }
        return out.toString();
    }
}
