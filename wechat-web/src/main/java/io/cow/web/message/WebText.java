package io.cow.web.message;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the HTML-ish text web WeChat delivers (message content, nicknames) into plain text: {@code <br/>} to
 * newlines, emoji spans to the emoji characters, then HTML entities unescaped. Tags come first, so a user who
 * typed {@code <br/>} (which arrives as {@code &lt;br/&gt;}) keeps the literal text.
 */
public final class WebText {

    private static final Pattern BR = Pattern.compile("<br\\s*/?>", Pattern.CASE_INSENSITIVE);
    private static final Pattern EMOJI = Pattern.compile(
            "<span\\s+class=\"(?:qq)?emoji\\s+(?:qq)?emoji([0-9a-fA-F]+)\"\\s*>\\s*</span>");
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,6});");
    private static final Map<String, String> NAMED = Map.of(
            "lt", "<", "gt", ">", "amp", "&", "quot", "\"", "apos", "'", "nbsp", " ");

    private WebText() {
    }

    /** The plain text of a content or name field. */
    public static String decode(String html) {
        if (html == null || html.isEmpty()) {
            return "";
        }
        String text = html;
        if (text.indexOf('<') >= 0) {
            text = BR.matcher(text).replaceAll("\n");
            text = EMOJI.matcher(text).replaceAll(m -> Matcher.quoteReplacement(emoji(m.group(1))));
        }
        if (text.indexOf('&') >= 0) {
            text = ENTITY.matcher(text).replaceAll(m -> Matcher.quoteReplacement(entity(m.group(1), m.group())));
        }
        return text;
    }

    /**
     * The characters of an emoji span's hex code: one code point, or several run together (flags, keycaps,
     * joined sequences), read as 5 hex digits where that makes a supplementary character and 4 elsewhere.
     */
    static String emoji(String hex) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        String h = hex.toLowerCase();
        while (i < h.length()) {
            int take;
            if (h.length() - i >= 5 && h.startsWith("1f", i)) {
                take = 5;
            } else {
                take = Math.min(4, h.length() - i);
            }
            int codePoint = Integer.parseInt(h.substring(i, i + take), 16);
            if (!Character.isValidCodePoint(codePoint)) {
                return "";
            }
            out.appendCodePoint(codePoint);
            i += take;
        }
        return out.toString();
    }

    private static String entity(String body, String whole) {
        if (body.charAt(0) == '#') {
            int codePoint;
            try {
                codePoint = body.length() > 1 && (body.charAt(1) == 'x' || body.charAt(1) == 'X')
                        ? Integer.parseInt(body.substring(2), 16)
                        : Integer.parseInt(body.substring(1));
            } catch (NumberFormatException e) {
                return whole;
            }
            return Character.isValidCodePoint(codePoint) ? new String(Character.toChars(codePoint)) : whole;
        }
        return NAMED.getOrDefault(body, whole);
    }
}
