package io.cow.app;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Keeps the README and docs/ true: every configuration key the build reads is documented, the two commands come first. */
class ReadmeTest {

    private static final Path REPO = Path.of(System.getProperty("cow.repo", ".."));

    @Test
    void everyConfigurationKeyIsDocumented() throws Exception {
        String docs = readmeAndDocs();
        List<String> undocumented = Startup.load(null, Map.of(), Map.of()).settings().all().stream()
                .map(v -> v.setting().key())
                .filter(key -> !docs.contains("`" + key + "`"))
                .toList();
        assertThat(undocumented)
                .as("config keys missing from README.md and docs/*.md (add each, in backticks, to a settings table in docs/)")
                .isEmpty();
    }

    /** README.md and every Markdown file under docs/, as one text. */
    private static String readmeAndDocs() throws IOException {
        StringBuilder text = new StringBuilder(Files.readString(REPO.resolve("README.md")));
        try (Stream<Path> files = Files.walk(REPO.resolve("docs"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
                text.append('\n').append(Files.readString(file));
            }
        }
        return text.toString();
    }

    @Test
    void theTwoCommandsAreAtTheTop() throws Exception {
        String readme = Files.readString(REPO.resolve("README.md"));
        String top = readme.substring(0, Math.min(readme.length(), 1500));
        assertThat(top).contains("./cow").contains("mvn -B verify");
        assertThat(Files.readString(REPO.resolve(".ci/run"))).contains("exec mvn -B verify");
    }

    @Test
    void theReadmeReadsInFiveMinutesAndLinksItsContents() throws Exception {
        String readme = Files.readString(REPO.resolve("README.md"));
        int words = readme.split("\\s+").length;
        assertThat(words).as("words in README.md (about 250 a minute; reference material belongs in docs/)").isLessThanOrEqualTo(1250);
        List<String> sections = readme.lines().filter(l -> l.startsWith("## ")).map(l -> l.substring(3)).toList();
        assertThat(sections).as("sections of README.md").hasSizeGreaterThan(3);
        int start = readme.indexOf("**Contents:**");
        assertThat(start).as("a table of contents, starting **Contents:**").isNotNegative();
        String contents = readme.substring(start, readme.indexOf("\n\n", start));
        sections.stream().filter(s -> !s.equals("The two commands"))
                .forEach(s -> assertThat(contents).as("the table of contents names '%s'", s).contains("[" + s + "]"));
    }
}
