package io.cow.core.secret;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of logs and error texts. Every secret the bot learns (API keys, tokens, cookies,
 * session keys) is registered here; {@link #redact} replaces them, and anything shaped like a key or a
 * bearer token, with a marker. The log layout runs every line through it.
 */
public final class Secrets {

    public static final String MARK = "[REDACTED]";

    /** Secrets shorter than this are not registered: replacing them would garble ordinary text. */
    private static final int MIN_LENGTH = 6;

    // "Wechaty <token>" counts only after "authorization": the word is also the name of a channel and of a protocol.
    private static final Pattern SHAPES = Pattern.compile(
            "(?i)((?:authorization[\"']?\\s*[:=]\\s*[\"']?)?(?:bearer|basic)\\s+"
                    + "|authorization[\"']?\\s*[:=]\\s*[\"']?(?:wechaty\\s+)?)[^\\s\"',;]+"
                    + "|\\bsk-[A-Za-z0-9_\\-]{8,}");

    private static final Set<String> known = ConcurrentHashMap.newKeySet();
    private static volatile List<String> longestFirst = List.of();

    private Secrets() {
    }

    /** Registers a secret so it never appears in a log line. Blank or very short values are ignored. */
    public static void register(String secret) {
        if (secret == null || secret.strip().length() < MIN_LENGTH) {
            return;
        }
        if (known.add(secret.strip())) {
            longestFirst = known.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        }
    }

    /**
     * Whether the text holds a word every key shape contains (case aside): bearer, basic, authorization or sk-.
     * Most log lines hold none, and this scan costs a fraction of trying the pattern at every position of the line.
     */
    static boolean mayHoldKeyShape(String text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = (char) (text.charAt(i) | 0x20);
            if (c == 'b' && (text.regionMatches(true, i, "bearer", 0, 6) || text.regionMatches(true, i, "basic", 0, 5))
                    || c == 'a' && text.regionMatches(true, i, "authorization", 0, 13)
                    || c == 's' && text.regionMatches(true, i, "sk-", 0, 3)) {
                return true;
            }
        }
        return false;
    }

    /** The text with every registered secret and every key-shaped token replaced. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : longestFirst) {
            if (out.contains(secret)) {
                out = out.replace(secret, MARK);
            }
        }
        if (!mayHoldKeyShape(out)) {
            return out;
        }
        Matcher m = SHAPES.matcher(out);
        if (!m.find()) {
            return out;
        }
        StringBuilder sb = new StringBuilder();
        do {
            String prefix = m.group(1) == null ? "" : m.group(1);
            m.appendReplacement(sb, Matcher.quoteReplacement(prefix + MARK));
        } while (m.find());
        m.appendTail(sb);
        return sb.toString();
    }
}
