package io.cow.deploy;

import org.commonmark.ext.heading.anchor.IdGenerator;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.Heading;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The relative links of Markdown files, parsed as GitHub renders them, and which of them lead nowhere. */
final class DocLinks {

    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
    private static final Parser PARSER = Parser.builder().build();

    /** One link: the file it is in and where it points. */
    record DocLink(Path from, String destination) {
        @Override
        public String toString() {
            return from.getFileName() + " → " + destination;
        }
    }

    private DocLinks() {
    }

    /** Every relative link (not {@code http:}, {@code mailto:} …) and image of the file, in order. */
    static List<DocLink> relativeLinks(Path markdown) {
        List<DocLink> links = new ArrayList<>();
        parse(markdown).accept(new AbstractVisitor() {
            @Override
            public void visit(Link link) {
                add(link.getDestination());
                visitChildren(link);
            }

            @Override
            public void visit(Image image) {
                add(image.getDestination());
            }

            private void add(String destination) {
                if (!destination.isEmpty() && !SCHEME.matcher(destination).find()) {
                    links.add(new DocLink(markdown, destination));
                }
            }
        });
        return links;
    }

    /** The links that name a missing file, or a heading the Markdown file they name does not have. */
    static List<DocLink> broken(List<DocLink> links) {
        return links.stream().filter(link -> !resolves(link)).toList();
    }

    private static boolean resolves(DocLink link) {
        String destination = link.destination();
        int hash = destination.indexOf('#');
        String file = hash < 0 ? destination : destination.substring(0, hash);
        String anchor = hash < 0 ? null : destination.substring(hash + 1);
        Path target = file.isEmpty() ? link.from()
                : link.from().getParent().resolve(URLDecoder.decode(file, StandardCharsets.UTF_8)).normalize();
        if (!Files.exists(target)) {
            return false;
        }
        if (anchor == null || !target.getFileName().toString().endsWith(".md")) {
            return true;
        }
        return anchors(target).contains(URLDecoder.decode(anchor, StandardCharsets.UTF_8));
    }

    /** The ids GitHub gives the headings of a Markdown file (lower case, punctuation dropped, -1, -2 for repeats). */
    static Set<String> anchors(Path markdown) {
        IdGenerator ids = IdGenerator.builder().build();
        Set<String> anchors = new HashSet<>();
        parse(markdown).accept(new AbstractVisitor() {
            @Override
            public void visit(Heading heading) {
                anchors.add(ids.generateId(plainText(heading)));
            }
        });
        return anchors;
    }

    private static String plainText(Node node) {
        StringBuilder text = new StringBuilder();
        node.accept(new AbstractVisitor() {
            @Override
            public void visit(Text t) {
                text.append(t.getLiteral());
            }

            @Override
            public void visit(Code code) {
                text.append(code.getLiteral());
            }
        });
        return text.toString();
    }

    private static Node parse(Path markdown) {
        try {
            return PARSER.parse(Files.readString(markdown));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
