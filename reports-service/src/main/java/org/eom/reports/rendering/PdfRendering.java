package org.eom.reports.rendering;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An A4 PDF of a statement, laid out from the Markdown syntax tree with the embedded DejaVu Sans
 * fonts (Latin, Cyrillic and more; license in resources/fonts). Paragraphs written entirely in
 * bold, like the heading, are centred.
 */
public final class PdfRendering {

    private static final float MARGIN = 60;
    private static final float FONT_SIZE = 11;
    private static final float HEADING_SIZE = 14;
    private static final float LINE_HEIGHT = 1.45f;
    private static final float PARAGRAPH_GAP = 8;
    private static final byte[] REGULAR = font("fonts/DejaVuSans.ttf");
    private static final byte[] BOLD = font("fonts/DejaVuSans-Bold.ttf");
    private static final Parser PARSER = Parser.builder().build();

    private PdfRendering() {
    }

    /** A piece of text in one style, or a forced line break. */
    private record Run(String text, boolean bold, boolean lineBreak) {
    }

    /** A block to lay out: its runs, its font size and how far it is indented. */
    private record Block(List<Run> runs, float size, float indent) {
        boolean allBold() {
            return runs.stream().allMatch(r -> r.lineBreak() || r.bold() || r.text().isBlank());
        }
    }

    public static byte[] render(StatementDocument document) {
        try (PDDocument pdf = new PDDocument()) {
            PDDocumentInformation info = pdf.getDocumentInformation();
            info.setTitle(document.title());
            Fonts fonts = new Fonts(PDType0Font.load(pdf, new ByteArrayInputStream(REGULAR), true),
                    PDType0Font.load(pdf, new ByteArrayInputStream(BOLD), true));
            try (Layout layout = new Layout(pdf, fonts)) {
                for (Block block : blocks(document.markdown())) {
                    layout.block(block);
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            pdf.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render the statement as PDF", e);
        }
    }

    private static List<Block> blocks(String markdown) {
        List<Block> blocks = new ArrayList<>();
        Node document = PARSER.parse(markdown);
        for (Node node = document.getFirstChild(); node != null; node = node.getNext()) {
            collect(node, blocks, 0);
        }
        return blocks;
    }

    private static void collect(Node node, List<Block> blocks, float indent) {
        switch (node) {
            case Heading heading -> blocks.add(new Block(runs(heading, true), HEADING_SIZE, indent));
            case Paragraph paragraph -> blocks.add(new Block(runs(paragraph, false), FONT_SIZE, indent));
            case BulletList list -> items(list, blocks, indent, false);
            case OrderedList list -> items(list, blocks, indent, true);
            default -> {
                for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
                    collect(child, blocks, indent);
                }
            }
        }
    }

    private static void items(Node list, List<Block> blocks, float indent, boolean numbered) {
        int number = 1;
        for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
            if (item instanceof ListItem) {
                int first = blocks.size();
                for (Node child = item.getFirstChild(); child != null; child = child.getNext()) {
                    collect(child, blocks, indent + 18);
                }
                if (blocks.size() > first) {
                    Block head = blocks.get(first);
                    List<Run> runs = new ArrayList<>();
                    runs.add(new Run(numbered ? number + ". " : "• ", false, false));
                    runs.addAll(head.runs());
                    blocks.set(first, new Block(runs, head.size(), head.indent()));
                }
                number++;
            }
        }
    }

    private static List<Run> runs(Node block, boolean bold) {
        List<Run> runs = new ArrayList<>();
        block.accept(new AbstractVisitor() {
            private int strong = bold ? 1 : 0;

            @Override
            public void visit(Text text) {
                runs.add(new Run(text.getLiteral(), strong > 0, false));
            }

            @Override
            public void visit(Code code) {
                runs.add(new Run(code.getLiteral(), strong > 0, false));
            }

            @Override
            public void visit(StrongEmphasis emphasis) {
                strong++;
                visitChildren(emphasis);
                strong--;
            }

            @Override
            public void visit(SoftLineBreak lineBreak) {
                runs.add(new Run(" ", false, false));
            }

            @Override
            public void visit(HardLineBreak lineBreak) {
                runs.add(new Run("", false, true));
            }
        });
        return runs;
    }

    private record Fonts(PDType0Font regular, PDType0Font bold) {
        PDType0Font of(boolean isBold) {
            return isBold ? bold : regular;
        }
    }

    /** Places blocks line by line, wrapping words and starting new pages as needed. */
    private static final class Layout implements AutoCloseable {
        private final PDDocument pdf;
        private final Fonts fonts;
        private final float width = PDRectangle.A4.getWidth() - 2 * MARGIN;
        private PDPageContentStream content;
        private float y;

        Layout(PDDocument pdf, Fonts fonts) throws IOException {
            this.pdf = pdf;
            this.fonts = fonts;
            newPage();
        }

        /** A word (with its trailing space) in one style. */
        private record Word(String text, boolean bold, float width) {
        }

        void block(Block block) throws IOException {
            boolean centred = block.allBold();
            List<Word> line = new ArrayList<>();
            float lineWidth = 0;
            float available = width - block.indent();
            for (Run run : block.runs()) {
                if (run.lineBreak()) {
                    writeLine(line, block, centred);
                    line.clear();
                    lineWidth = 0;
                    continue;
                }
                for (String piece : run.text().split("(?<= )")) {
                    String printable = printable(piece, fonts.of(run.bold()));
                    float pieceWidth = fonts.of(run.bold()).getStringWidth(printable) / 1000 * block.size();
                    if (lineWidth + pieceWidth > available && !line.isEmpty()) {
                        writeLine(line, block, centred);
                        line.clear();
                        lineWidth = 0;
                        printable = printable.stripLeading();
                        pieceWidth = fonts.of(run.bold()).getStringWidth(printable) / 1000 * block.size();
                    }
                    line.add(new Word(printable, run.bold(), pieceWidth));
                    lineWidth += pieceWidth;
                }
            }
            writeLine(line, block, centred);
            y -= PARAGRAPH_GAP;
        }

        private void writeLine(List<Word> words, Block block, boolean centred) throws IOException {
            float leading = block.size() * LINE_HEIGHT;
            if (y - leading < MARGIN) {
                newPage();
            }
            y -= leading;
            if (words.isEmpty()) {
                return;
            }
            float lineWidth = (float) words.stream().mapToDouble(Word::width).sum();
            float x = MARGIN + block.indent() + (centred ? (width - block.indent() - lineWidth) / 2 : 0);
            content.beginText();
            content.newLineAtOffset(x, y);
            for (Word word : words) {
                content.setFont(fonts.of(word.bold()), block.size());
                content.showText(word.text());
            }
            content.endText();
        }

        private void newPage() throws IOException {
            if (content != null) {
                content.close();
            }
            PDPage page = new PDPage(PDRectangle.A4);
            pdf.addPage(page);
            content = new PDPageContentStream(pdf, page);
            y = PDRectangle.A4.getHeight() - MARGIN;
        }

        @Override
        public void close() throws IOException {
            content.close();
        }

        /** Characters the font has no glyph for (emoji, rare scripts) become "?" instead of failing the rendering. */
        private static String printable(String text, PDType0Font font) {
            StringBuilder out = new StringBuilder(text.length());
            text.codePoints().forEach(cp -> {
                if (cp == '\n' || cp == '\r' || cp == '\t') {
                    out.append(' ');
                    return;
                }
                try {
                    font.encode(Character.toString(cp));
                    out.appendCodePoint(cp);
                } catch (IOException | IllegalArgumentException e) {
                    out.append('?');
                }
            });
            return out.toString();
        }
    }

    private static byte[] font(String resource) {
        try (InputStream in = PdfRendering.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
