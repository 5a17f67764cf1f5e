package org.openanpr.evidence;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The printable face of an evidence package: an A4 PDF with the title, the facts as label–value lines and the photos.
 * It goes into the signed ZIP beside the JSON it is printed from, so the paper a court or the person fined reads is
 * covered by the same signature. The standard PDF fonts only know Latin-1 (and €): other characters print as '?'.
 */
public final class EvidencePdf {
    private static final float MARGIN = 50;
    private static final float LINE = 14;
    private static final int WRAP = 95;
    private static final String INDENT = "    ";
    private final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);

    /** One line of the report: a label and its value, or a heading when the value is null. */
    public record Line(String label, String value) {
        public static Line heading(String text) {
            return new Line(text, null);
        }
    }

    private EvidencePdf() {
    }

    /** @param photos JPEGs printed after the facts, each scaled to the page's width at most (null ones skipped) */
    public static byte[] render(String title, List<Line> lines, List<byte[]> photos) {
        return new EvidencePdf().write(title, lines, photos);
    }

    private byte[] write(String title, List<Line> lines, List<byte[]> photos) {
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Cursor c = new Cursor(doc);
            c.text(bold, 16, safe(title));
            c.gap();
            for (Line l : lines) {
                if (l.value() == null) {
                    c.gap();
                    c.text(bold, 12, safe(l.label()));
                    continue;
                }
                List<String> wrapped = wrap(safe(l.label()) + ": " + safe(l.value()));
                for (String w : wrapped) c.text(regular, 10, w);
            }
            for (byte[] jpeg : photos) {
                if (jpeg == null) continue;
                if (!printable(jpeg)) {
                    c.text(regular, 10, "(a photo that is not a readable JPEG: it is in the package as it was received)");
                    continue;
                }
                PDImageXObject image = JPEGFactory.createFromStream(doc, new ByteArrayInputStream(jpeg));
                c.image(image);
            }
            c.close();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("could not render the evidence PDF", e);
        }
    }

    /** Where the next line goes; a new page when this one is full. */
    private static final class Cursor {
        private final PDDocument doc;
        private PDPageContentStream stream;
        private float y;

        Cursor(PDDocument doc) throws IOException {
            this.doc = doc;
            newPage();
        }

        private void newPage() throws IOException {
            if (stream != null) stream.close();
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            stream = new PDPageContentStream(doc, page);
            y = PDRectangle.A4.getHeight() - MARGIN;
        }

        void text(PDType1Font font, float size, String text) throws IOException {
            if (y < MARGIN + LINE) newPage();
            stream.beginText();
            stream.setFont(font, size);
            stream.newLineAtOffset(MARGIN, y);
            stream.showText(text);
            stream.endText();
            y -= LINE + (size > 10 ? 4 : 0);
        }

        void gap() {
            y -= LINE / 2;
        }

        void image(PDImageXObject image) throws IOException {
            float width = PDRectangle.A4.getWidth() - 2 * MARGIN;
            float scale = Math.min(1, width / image.getWidth());
            float w = image.getWidth() * scale;
            float h = image.getHeight() * scale;
            float room = PDRectangle.A4.getHeight() - 2 * MARGIN;
            if (h > room) {
                w *= room / h;
                h = room;
            }
            if (y - h < MARGIN) newPage();
            y -= h;
            stream.drawImage(image, MARGIN, y, w, h);
            y -= LINE;
        }

        void close() throws IOException {
            stream.close();
        }
    }

    /**
     * Whether the JPEG's header gives a sane size: a camera's damaged or hostile image must not make the printer
     * allocate a giant raster (the header is read, not the pixels).
     */
    static boolean printable(byte[] jpeg) {
        try (javax.imageio.stream.ImageInputStream in = javax.imageio.ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
            java.util.Iterator<javax.imageio.ImageReader> readers = javax.imageio.ImageIO.getImageReadersByFormatName("jpeg");
            if (in == null || !readers.hasNext()) return false;
            javax.imageio.ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                int w = reader.getWidth(0), h = reader.getHeight(0);
                return w > 0 && h > 0 && (long) w * h <= 40_000_000L;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static List<String> wrap(String text) {
        List<String> lines = new ArrayList<>();
        String rest = text;
        while (rest.length() > WRAP) {
            int cut = rest.lastIndexOf(' ', WRAP);
            if (cut <= INDENT.length()) cut = WRAP; // no space past the indent: cut the word

            lines.add(rest.substring(0, cut));
            rest = INDENT + rest.substring(cut).strip();
        }
        lines.add(rest);
        return lines;
    }

    /** Latin-1 and € as they are; line breaks and tabs as spaces; anything else '?'. */
    static String safe(String s) {
        if (s == null) return "";
        StringBuilder sb = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            if (ch == '\n' || ch == '\r' || ch == '\t') sb.append(' ');
            else if ((ch >= 0x20 && ch < 0x7F) || (ch >= 0xA0 && ch <= 0xFF) || ch == '€') sb.append(ch);
            else sb.append('?');
        }
        return sb.toString();
    }
}
