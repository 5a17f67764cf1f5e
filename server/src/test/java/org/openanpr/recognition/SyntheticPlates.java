package org.openanpr.recognition;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Plates drawn for tests with java.awt: the plate's background and text colours, the EU band on the left (blue, a
 * ring of twelve yellow stars, the country's sign in white), an emblem between character groups where the country
 * has one (written {@code *} in the text: the German registration and inspection seals), an optional band on the
 * right (the French region and département), on a car-grey scene, optionally with a road sign above it.
 */
public final class SyntheticPlates {
    static final Color EU_BLUE = new Color(0, 51, 153);
    static final Color NL_YELLOW = new Color(247, 196, 0);
    static final Color BE_RED = new Color(160, 20, 40);

    /** One plate to draw. {@code text} as on the plate, {@code *} where an emblem sits. */
    public record Plate(String text, String band, Color background, Color ink, String rightBand) {
    }

    private SyntheticPlates() {
    }

    public static final Plate NL = new Plate("52-HKL-9", "NL", NL_YELLOW, Color.BLACK, null);
    public static final Plate BE = new Plate("1-KLM-234", "B", Color.WHITE, BE_RED, null);
    public static final Plate DE = new Plate("KA*RT 512", "D", Color.WHITE, Color.BLACK, null);
    public static final Plate FR = new Plate("FK-381-RT", "F", Color.WHITE, Color.BLACK, "75");
    public static final Plate GB = new Plate("BD51 SMR", "UK", NL_YELLOW, Color.BLACK, null);

    /** A 640x480 scene with the plate at its lower middle, tilted by {@code degrees}; a sign above when given. */
    public static BufferedImage scene(Plate plate, double degrees, String sign) {
        BufferedImage img = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(70, 75, 85), 0, 480, new Color(140, 140, 150)));
        g.fillRect(0, 0, 640, 480);
        // the car's bumper
        g.setColor(new Color(40, 40, 45));
        g.fillRoundRect(80, 300, 480, 110, 30, 30);
        if (sign != null) {
            g.setColor(new Color(0, 110, 60));
            g.fillRect(170, 40, 300, 90);
            g.setColor(Color.WHITE);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 48));
            FontMetrics m = g.getFontMetrics();
            g.drawString(sign, 320 - m.stringWidth(sign) / 2, 103);
        }
        AffineTransform before = g.getTransform();
        g.rotate(Math.toRadians(degrees), 320, 355);
        drawPlate(g, plate, 190, 328, 260, 56);
        g.setTransform(before);
        g.dispose();
        return img;
    }

    static void drawPlate(Graphics2D g, Plate p, int x, int y, int w, int h) {
        g.setColor(p.background());
        g.fillRoundRect(x, y, w, h, 8, 8);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(2));
        g.drawRoundRect(x + 2, y + 2, w - 4, h - 4, 8, 8);
        int band = h * 11 / 20;
        g.setColor(EU_BLUE);
        g.fillRect(x + 3, y + 3, band, h - 6);
        // twelve stars in a ring
        g.setColor(new Color(255, 204, 0));
        int cx = x + 3 + band / 2;
        int cy = y + h / 3;
        for (int i = 0; i < 12; i++) {
            double a = 2 * Math.PI * i / 12;
            g.fillOval((int) Math.round(cx + Math.cos(a) * band * 0.3) - 1, (int) Math.round(cy + Math.sin(a) * band * 0.3) - 1, 3, 3);
        }
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, h / 3));
        FontMetrics sm = g.getFontMetrics();
        g.drawString(p.band(), cx - sm.stringWidth(p.band()) / 2, y + h - 8);
        int right = x + w - 3;
        if (p.rightBand() != null) {
            g.setColor(EU_BLUE);
            g.fillRect(right - band, y + 3, band, h - 6);
            g.setColor(Color.WHITE);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, h / 3));
            g.drawString(p.rightBand(), right - band / 2 - g.getFontMetrics().stringWidth(p.rightBand()) / 2, y + h - 8);
            g.setColor(new Color(200, 40, 40));
            g.fillOval(right - band / 2 - 5, y + 8, 10, 10);
            right -= band;
        }
        // the characters, centred in what is left, as large as fits; '*' is an emblem as wide as a letter
        int left = x + 3 + band;
        int size = h * 3 / 4;
        FontMetrics m;
        int emblem;
        int width;
        do {
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size--));
            m = g.getFontMetrics();
            emblem = m.charWidth('M');
            width = 0;
            for (char c : p.text().toCharArray()) width += c == '*' ? emblem : m.charWidth(c);
        } while (width > right - left - h / 5);
        int tx = left + (right - left - width) / 2;
        int baseline = y + h / 2 + m.getAscent() * 7 / 20;
        for (char c : p.text().toCharArray()) {
            if (c == '*') {
                // the inspection and registration seals: two coloured discs, one above the other
                g.setColor(new Color(30, 120, 200));
                g.fillOval(tx + emblem / 4, y + 8, emblem / 2, emblem / 2);
                g.setColor(new Color(200, 160, 40));
                g.fillOval(tx + emblem / 4, y + h / 2 + 2, emblem / 2, emblem / 2);
                g.setColor(Color.DARK_GRAY);
                g.drawOval(tx + emblem / 4, y + h / 2 + 2, emblem / 2, emblem / 2);
                tx += emblem;
                continue;
            }
            g.setColor(p.ink());
            g.drawString(String.valueOf(c), tx, baseline);
            tx += m.charWidth(c);
        }
    }

    public static byte[] jpeg(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "jpg", out)) throw new IllegalStateException("no JPEG writer");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
