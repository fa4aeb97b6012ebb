package io.cow.core.reply;

import org.commonmark.Extension;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.LinkReferenceDefinition;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

import java.util.ArrayList;
import java.util.List;

/**
 * Markdown as WeChat shows it well: plain text, since WeChat renders none of it. Headings become {@code 【title】},
 * emphasis and inline code lose their markers, list items get {@code •} or their number (nested ones indented),
 * quotes keep {@code > }, code blocks keep their lines as written (without fences), links read "text (url)", and
 * tables become lines with their columns padded to line up (CJK characters and emoji counted double). Top-level
 * blocks are separated by one empty line.
 */
final class WeChatMarkdown {

    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create(), StrikethroughExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS)
            .includeSourceSpans(IncludeSourceSpans.BLOCKS).build();
    static final String RULE = "——————";

    private WeChatMarkdown() {
    }

    /** The whole text, rendered. */
    public static String render(String markdown) {
        return renderBlocks(topLevelBlocks(markdown));
    }

    /** The document's top-level blocks, each with where it starts in the text. */
    static List<Node> topLevelBlocks(String markdown) {
        List<Node> blocks = new ArrayList<>();
        for (Node node = PARSER.parse(markdown).getFirstChild(); node != null; node = node.getNext()) {
            if (!(node instanceof LinkReferenceDefinition)) {
                blocks.add(node);
            }
        }
        return blocks;
    }

    /** Where a block starts in the text it was parsed from. */
    static int start(Node block) {
        return block.getSourceSpans().isEmpty() ? 0 : block.getSourceSpans().get(0).getInputIndex();
    }

    static String renderBlocks(List<Node> blocks) {
        StringBuilder out = new StringBuilder();
        for (Node block : blocks) {
            String text = block(block, "");
            if (text.isEmpty()) {
                continue;
            }
            if (out.length() > 0) {
                out.append("\n\n");
            }
            out.append(text);
        }
        return out.toString();
    }

    /** A block as lines; {@code indent} starts every line but the first (which the caller prefixes). */
    private static String block(Node node, String indent) {
        if (node instanceof Paragraph) {
            return indentLines(inline(node), indent);
        }
        if (node instanceof Heading) {
            return "【" + inline(node).replace('\n', ' ') + "】";
        }
        if (node instanceof FencedCodeBlock code) {
            return indentLines(stripLastNewline(code.getLiteral()), indent);
        }
        if (node instanceof IndentedCodeBlock code) {
            return indentLines(stripLastNewline(code.getLiteral()), indent);
        }
        if (node instanceof HtmlBlock html) {
            return indentLines(stripLastNewline(html.getLiteral()), indent);
        }
        if (node instanceof ThematicBreak) {
            return RULE;
        }
        if (node instanceof BlockQuote) {
            String inner = children(node, "\n\n", "");
            return indentLines("> " + inner.replace("\n", "\n> "), indent).replace("> \n", ">\n");
        }
        if (node instanceof BulletList || node instanceof OrderedList) {
            return list(node, indent);
        }
        if (node instanceof TableBlock) {
            return indentLines(table(node), indent);
        }
        return indentLines(children(node, "\n", ""), indent);
    }

    private static String list(Node list, String indent) {
        StringBuilder out = new StringBuilder();
        int number = list instanceof OrderedList ordered ? ordered.getMarkerStartNumber() == null ? 1 : ordered.getMarkerStartNumber() : 0;
        String delimiter = list instanceof OrderedList ordered && ordered.getMarkerDelimiter() != null ? ordered.getMarkerDelimiter() : ".";
        for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
            String marker = list instanceof OrderedList ? (number++) + delimiter + " " : "• ";
            if (out.length() > 0) {
                out.append('\n').append(indent);
            }
            out.append(marker).append(item(item, indent + " ".repeat(marker.length())));
        }
        return out.toString();
    }

    private static String item(Node item, String indent) {
        StringBuilder out = new StringBuilder();
        for (Node child = item.getFirstChild(); child != null; child = child.getNext()) {
            String text = block(child, indent);
            if (text.isEmpty()) {
                continue;
            }
            if (out.length() > 0) {
                out.append('\n').append(indent);
            }
            out.append(text);
        }
        return out.toString();
    }

    private static String children(Node node, String separator, String indent) {
        StringBuilder out = new StringBuilder();
        for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
            String text = block(child, indent);
            if (text.isEmpty()) {
                continue;
            }
            if (out.length() > 0) {
                out.append(separator);
            }
            out.append(text);
        }
        return out.toString();
    }

    /** The text of a block's inline content. */
    private static String inline(Node node) {
        StringBuilder out = new StringBuilder();
        appendInline(node, out);
        return out.toString();
    }

    private static void appendInline(Node node, StringBuilder out) {
        for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
            if (child instanceof Text text) {
                out.append(text.getLiteral());
            } else if (child instanceof Code code) {
                out.append(code.getLiteral());
            } else if (child instanceof SoftLineBreak || child instanceof HardLineBreak) {
                out.append('\n');
            } else if (child instanceof HtmlInline html) {
                out.append(html.getLiteral());
            } else if (child instanceof Link link) {
                link(inline(link), link.getDestination(), out);
            } else if (child instanceof Image image) {
                link(inline(image), image.getDestination(), out);
            } else {
                appendInline(child, out);
            }
        }
    }

    private static void link(String text, String url, StringBuilder out) {
        String bare = url.startsWith("mailto:") ? url.substring("mailto:".length()) : url;
        if (text.isBlank() || text.equals(url) || text.equals(bare)) {
            out.append(bare);
        } else {
            out.append(text).append(" (").append(url).append(')');
        }
    }

    private static String table(Node table) {
        List<List<String>> rows = new ArrayList<>();
        List<TableCell.Alignment> alignments = new ArrayList<>();
        int headerRows = 0;
        for (Node section = table.getFirstChild(); section != null; section = section.getNext()) {
            for (Node row = section.getFirstChild(); row != null; row = row.getNext()) {
                if (!(row instanceof TableRow)) {
                    continue;
                }
                List<String> cells = new ArrayList<>();
                for (Node cell = row.getFirstChild(); cell != null; cell = cell.getNext()) {
                    if (cell instanceof TableCell tableCell) {
                        if (cells.size() >= alignments.size()) {
                            alignments.add(tableCell.getAlignment());
                        }
                        if (tableCell.isHeader() && cells.isEmpty()) {
                            headerRows++;
                        }
                        cells.add(inline(cell).replace('\n', ' ').strip());
                    }
                }
                rows.add(cells);
            }
        }
        int columns = alignments.size();
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int c = 0; c < row.size(); c++) {
                widths[c] = Math.max(widths[c], DisplayWidth.of(row.get(c)));
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            if (r > 0) {
                out.append('\n');
            }
            List<String> row = rows.get(r);
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                if (c > 0) {
                    line.append(" | ");
                }
                line.append(pad(c < row.size() ? row.get(c) : "", widths[c], alignments.get(c)));
            }
            out.append(line.toString().stripTrailing());
            if (r == headerRows - 1 && r < rows.size() - 1) {
                out.append('\n');
                for (int c = 0; c < columns; c++) {
                    out.append(c > 0 ? "-+-" : "").append("-".repeat(Math.max(1, widths[c])));
                }
            }
        }
        return out.toString();
    }

    private static String pad(String text, int width, TableCell.Alignment alignment) {
        int room = width - DisplayWidth.of(text);
        if (room <= 0) {
            return text;
        }
        if (alignment == TableCell.Alignment.RIGHT) {
            return " ".repeat(room) + text;
        }
        if (alignment == TableCell.Alignment.CENTER) {
            return " ".repeat(room / 2) + text + " ".repeat(room - room / 2);
        }
        return text + " ".repeat(room);
    }

    private static String indentLines(String text, String indent) {
        return indent.isEmpty() ? text : text.replace("\n", "\n" + indent);
    }

    private static String stripLastNewline(String text) {
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }
}
