package io.cow.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/benchmarks.md lists every harness of the bench module and has figures, each with the command that measures it. */
class BenchmarksDocTest {

    private final String doc = Repo.read("docs/benchmarks.md");

    @Test
    void everyHarnessIsListed() throws IOException {
        List<String> harnesses;
        try (Stream<Path> files = Files.walk(Repo.file("bench/src/main/java"))) {
            harnesses = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> Repo.read(f).contains("public static void main("))
                    .map(f -> Repo.file("bench/src/main/java").relativize(f).toString().replace('/', '.').replaceAll("\\.java$", ""))
                    .toList();
        }
        assertThat(harnesses).isNotEmpty();
        assertThat(harnesses).allSatisfy(harness -> assertThat(doc).as("docs/benchmarks.md names " + harness).contains(harness));
    }

    @Test
    void theFiguresSectionHasMeasuredFiguresWithTheirCommands() {
        int start = doc.indexOf("\n## Figures\n");
        assertThat(start).as("a '## Figures' section").isNotNegative();
        int end = doc.indexOf("\n## ", start + 1);
        List<String> rows = doc.substring(start, end < 0 ? doc.length() : end).lines()
                .filter(l -> l.startsWith("|") && !l.startsWith("|---") && !l.startsWith("| figure")).toList();
        List<String> measured = rows.stream().filter(r -> r.matches(".*\\d.*") && r.contains("`bench/run io.cow.bench.")).toList();
        assertThat(measured).as("rows with a figure and the command that measured it").hasSizeGreaterThanOrEqualTo(3);
    }
}
