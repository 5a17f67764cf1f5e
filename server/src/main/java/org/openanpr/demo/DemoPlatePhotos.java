package org.openanpr.demo;

import org.openanpr.passage.IncomingRead;
import org.openanpr.plate.Plates;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The demo's camera that delivers photos instead of reads, as drop folders and phone apps do: every
 * {@link #EVERY} one Dutch read of the traffic is replaced by a photo of its plate (drawn here: yellow plate, EU band)
 * without plate text, which the server's own recognition reads (docs/recognition.md). Listed plates among them raise
 * hits like any read; the passage keeps the photo and the box.
 */
public final class DemoPlatePhotos implements UnaryOperator<List<IncomingRead>> {
    static final Duration EVERY = Duration.ofSeconds(20);

    private final Clock clock;
    private Instant next;

    public DemoPlatePhotos(Clock clock) {
        this.clock = clock;
        this.next = clock.instant().plusSeconds(5);
    }

    @Override
    public synchronized List<IncomingRead> apply(List<IncomingRead> reads) {
        Instant now = clock.instant();
        if (now.isBefore(next)) return reads;
        for (int i = 0; i < reads.size(); i++) {
            IncomingRead r = reads.get(i);
            // a camera that reports the make and colour is no photo drop folder (and the demo's clone needs them)
            if (!"NL".equals(r.country()) || r.plate() == null || r.make() != null) continue;
            String display = Plates.display(r.plate(), "NL");
            List<IncomingRead> out = new ArrayList<>(reads);
            out.set(i, new IncomingRead(r.id(), r.camera(), null, null, null, r.time(), r.lat(), r.lon(), null,
                    Base64.getEncoder().encodeToString(photo(display))));
            next = now.plus(EVERY);
            return out;
        }
        return reads;
    }

    /** A 480x320 photo of a car's rear with a Dutch plate showing {@code display}. */
    static byte[] photo(String display) {
        BufferedImage img = new BufferedImage(480, 320, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(90, 95, 105), 0, 320, new Color(150, 150, 155)));
        g.fillRect(0, 0, 480, 320);
        g.setColor(new Color(35, 40, 50));
        g.fillRoundRect(40, 170, 400, 110, 30, 30);
        int x = 130;
        int y = 200;
        int w = 220;
        int h = 48;
        g.setColor(new Color(247, 196, 0));
        g.fillRoundRect(x, y, w, h, 8, 8);
        g.setColor(Color.BLACK);
        g.drawRoundRect(x + 1, y + 1, w - 2, h - 2, 8, 8);
        int band = h * 11 / 20;
        g.setColor(new Color(0, 51, 153));
        g.fillRect(x + 2, y + 2, band, h - 4);
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, h / 3));
        g.drawString("NL", x + 2 + band / 2 - g.getFontMetrics().stringWidth("NL") / 2, y + h - 6);
        int size = h * 3 / 4;
        FontMetrics m;
        do {
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size--));
            m = g.getFontMetrics();
        } while (m.stringWidth(display) > w - band - 16);
        g.setColor(Color.BLACK);
        g.drawString(display, x + band + (w - band - m.stringWidth(display)) / 2, y + h / 2 + m.getAscent() * 7 / 20);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "jpg", out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }
}
