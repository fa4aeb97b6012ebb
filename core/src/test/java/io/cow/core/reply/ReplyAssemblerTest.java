package io.cow.core.reply;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class ReplyAssemblerTest {

    private static final ReplyLimits FIVE_HUNDRED = ReplyLimits.chunkSize(500);
    private static final String FAMILY = "👨‍👩‍👧‍👦";

    @Test
    void splitsLongAnswersIntoPartsOfAtMostTheChunkSizeInOrder() {
        String text = "a".repeat(500) + "b".repeat(500) + "c".repeat(200);
        assertThat(ReplyAssembler.split(text, FIVE_HUNDRED, ""))
                .containsExactly("a".repeat(500), "b".repeat(500), "c".repeat(200));
    }

    @Test
    void neverCutsASurrogatePair() {
        String text = "a".repeat(499) + "😀" + "z".repeat(10);
        List<String> parts = ReplyAssembler.split(text, FIVE_HUNDRED, "");
        assertThat(parts).containsExactly("a".repeat(499), "😀" + "z".repeat(10));
    }

    @Test
    void neverCutsACombinedEmojiOrAFlag() {
        String text = "a".repeat(495) + FAMILY + "🇨🇳" + "👍🏽" + "e\u0301" + "x".repeat(600);
        List<String> parts = ReplyAssembler.split(text, FIVE_HUNDRED, "");
        assertThat(parts.get(0)).isEqualTo("a".repeat(495));
        assertThat(parts.get(1)).startsWith(FAMILY + "🇨🇳👍🏽e\u0301");
        assertThat(String.join("", parts)).isEqualTo(text);
    }

    @Test
    void prefersALineBreakInTheSecondHalfOfAChunk() {
        String text = "a".repeat(400) + "\n" + "b".repeat(300);
        assertThat(ReplyAssembler.split(text, FIVE_HUNDRED, "")).containsExactly("a".repeat(400), "b".repeat(300));
    }

    @Test
    void ignoresALineBreakTooEarlyInTheChunk() {
        String text = "a".repeat(100) + "\n" + "b".repeat(500);
        assertThat(ReplyAssembler.split(text, FIVE_HUNDRED, "").get(0)).hasSize(500);
    }

    @Test
    void anAnswerNeedingMorePartsThanAllowedIsShortenedWithANote() {
        String note = "…(cut)";
        List<String> parts = ReplyAssembler.split("x".repeat(5000), new ReplyLimits(2000, 2), note);
        assertThat(parts).hasSize(2);
        assertThat(parts.get(0)).hasSize(2000);
        assertThat(parts.get(1)).endsWith(note).hasSizeLessThanOrEqualTo(2000);
    }

    @Test
    void streamedPiecesGiveTheSamePartsAsTheWholeTextAndTheFirstPartComesEarly() {
        String text = ("第一段：" + "字".repeat(600) + "\n" + FAMILY.repeat(50) + "end").repeat(2);
        List<String> whole = ReplyAssembler.split(text, FIVE_HUNDRED, "");
        List<String> streamed = new ArrayList<>();
        ReplyAssembler assembler = new ReplyAssembler(FIVE_HUNDRED, "", streamed::add);
        int firstPartAtFedLength = -1;
        for (int i = 0; i < text.length(); i += 3) {
            assembler.append(text.substring(i, Math.min(text.length(), i + 3)));
            if (firstPartAtFedLength < 0 && !streamed.isEmpty()) {
                firstPartAtFedLength = i + 3;
            }
        }
        assembler.finish();
        assertThat(streamed).isEqualTo(whole);
        assertThat(firstPartAtFedLength).isBetween(501, 504);
    }

    @Test
    void randomTextWithEmojiIsNeverCutInsideAGraphemeAndLosesNothing() {
        Random random = new Random(42);
        String[] pieces = {"a", "字", " ", "\n", "😀", FAMILY, "🇯🇵", "👍🏿", "e\u0301", "1️⃣"};
        Pattern cluster = Pattern.compile("\\X");
        for (int round = 0; round < 200; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(3000);
            while (text.length() < length) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            List<String> parts = ReplyAssembler.split(text.toString(), ReplyLimits.chunkSize(50), "");
            for (String part : parts) {
                assertThat(part.length()).isLessThanOrEqualTo(50);
                assertThat(Character.isLowSurrogate(part.charAt(0))).isFalse();
            }
            // Clusters part by part equal the original's clusters only if no cut fell inside one.
            List<String> partClusters = new ArrayList<>();
            parts.forEach(part -> partClusters.addAll(clusters(cluster, part)));
            assertThat(partClusters).isEqualTo(clusters(cluster, text.toString()));
        }
    }

    private static List<String> clusters(Pattern cluster, String text) {
        List<String> out = new ArrayList<>();
        Matcher m = cluster.matcher(text);
        while (m.find()) {
            if (!m.group().isBlank()) {
                out.add(m.group());
            }
        }
        return out;
    }
}
