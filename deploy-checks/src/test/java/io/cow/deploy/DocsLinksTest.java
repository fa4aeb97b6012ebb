package io.cow.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every relative link in README.md and docs/ leads to a file that exists, and to a heading that exists. */
class DocsLinksTest {

    @Test
    void everyRelativeLinkInTheReadmeAndDocsResolves() throws IOException {
        List<DocLinks.DocLink> links = Stream.concat(Stream.of(Repo.file("README.md")), markdownUnder(Repo.file("docs")))
                .flatMap(file -> DocLinks.relativeLinks(file).stream())
                .toList();
        assertThat(links).as("relative links found (the README links its docs)").hasSizeGreaterThan(10);
        assertThat(DocLinks.broken(links)).as("links to a missing file or heading").isEmpty();
    }

    @Test
    void everyDocsPageIsLinkedFromAnotherPage() throws IOException {
        List<Path> linked = Stream.concat(Stream.of(Repo.file("README.md")), markdownUnder(Repo.file("docs")))
                .flatMap(file -> DocLinks.relativeLinks(file).stream())
                .map(link -> link.from().getParent().resolve(link.destination().replaceFirst("#.*", "")).normalize())
                .toList();
        List<Path> orphans = markdownUnder(Repo.file("docs")).filter(page -> !linked.contains(page.normalize())).toList();
        assertThat(orphans).as("docs pages no page links to").isEmpty();
    }

    @Test
    void aLinkToAMissingFileOrHeadingIsCaught(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.md"), """
                # Title
                ## Deploy on a server (systemd)
                [ok](b.md) [ok](b.md#the-b-page) [ok](#deploy-on-a-server-systemd) [web](https://example.com/x.md)
                [missing](c.md) [no heading](b.md#nowhere)

                ```
                [in code](not-a-link.md)
                ```
                """);
        Files.writeString(dir.resolve("b.md"), "# The `b` page\n");
        List<DocLinks.DocLink> links = DocLinks.relativeLinks(dir.resolve("a.md"));
        assertThat(links).extracting(DocLinks.DocLink::destination)
                .containsExactly("b.md", "b.md#the-b-page", "#deploy-on-a-server-systemd", "c.md", "b.md#nowhere");
        assertThat(DocLinks.broken(links)).extracting(DocLinks.DocLink::destination).containsExactly("c.md", "b.md#nowhere");
    }

    private static Stream<Path> markdownUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".md")).sorted().toList().stream();
        }
    }
}
