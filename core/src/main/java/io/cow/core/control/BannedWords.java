package io.cow.core.control;

import org.ahocorasick.trie.Emit;
import org.ahocorasick.trie.Trie;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A list of banned words, found in one pass over a text whatever the list's length (Aho–Corasick, from
 * {@code org.ahocorasick}), case-insensitively.
 */
final class BannedWords {

    private final Trie trie;

    BannedWords(List<String> words) {
        List<String> kept = words.stream().map(String::strip).filter(w -> !w.isEmpty()).distinct().toList();
        this.trie = kept.isEmpty() ? null : Trie.builder().ignoreCase().addKeywords(kept).build();
    }

    boolean isEmpty() {
        return trie == null;
    }

    /** The first banned word in the text, as listed; empty when there is none. */
    Optional<String> first(String text) {
        if (trie == null) {
            return Optional.empty();
        }
        Emit hit = trie.firstMatch(text);
        return hit == null ? Optional.empty() : Optional.of(hit.getKeyword());
    }

    /** The text with every banned word replaced by as many {@code *}. */
    String mask(String text) {
        if (trie == null) {
            return text;
        }
        Collection<Emit> hits = trie.parseText(text);
        if (hits.isEmpty()) {
            return text;
        }
        char[] chars = text.toCharArray();
        for (Emit hit : hits) {
            for (int i = hit.getStart(); i <= hit.getEnd() && i < chars.length; i++) {
                chars[i] = Character.isSurrogate(chars[i]) && Character.isLowSurrogate(chars[i]) ? '\u0000' : '*';
            }
        }
        StringBuilder out = new StringBuilder(chars.length);
        for (char c : chars) {
            if (c != '\u0000') {
                out.append(c);
            }
        }
        return out.toString();
    }
}
