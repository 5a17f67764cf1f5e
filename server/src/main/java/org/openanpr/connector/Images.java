package org.openanpr.connector;

import org.openanpr.passage.Base64Image;
import org.openanpr.passage.IngestLimits;
import org.openanpr.recognition.ImageDecoder;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * The images vendor messages carry. Passages keep JPEG: a WebP image (Plate Recognizer, newer cameras) is decoded and
 * kept as JPEG, with a note saying so; anything else (a documentation placeholder, bad base64, a WebP that cannot be
 * decoded) is dropped with a note, never at the cost of the read.
 */
final class Images {
    /**
     * No larger than the ingest keeps an image, and no more pixels than a 4K camera's frame with room: a WebP is decoded
     * on the request's thread into two images of 4 bytes a pixel, so its header's size is checked before that.
     */
    private static final int MAX_BYTES = IngestLimits.DEFAULT.maxImageBytes();
    private static final ImageDecoder WEBP = new ImageDecoder(MAX_BYTES, 12_000_000L);

    private Images() {
    }

    static byte[] fromBase64(String what, String base64, List<String> notes) {
        if (base64 == null || base64.isBlank()) return null;
        byte[] bytes;
        try {
            String b = base64.strip();
            int comma = b.startsWith("data:") ? b.indexOf(',') : -1;
            bytes = Base64Image.decode(comma >= 0 ? b.substring(comma + 1) : b);
        } catch (IllegalArgumentException e) {
            notes.add(what + ": not base64, not kept");
            return null;
        }
        return checked(what, bytes, notes);
    }

    /**
     * The image as passages keep it, or null with a note. One larger than the ingest keeps (a 4K scene at a high JPEG
     * quality) is left out here, where the pipeline would refuse the whole read for it.
     */
    static byte[] checked(String what, byte[] bytes, List<String> notes) {
        if (bytes == null || bytes.length == 0) return null;
        byte[] jpeg;
        if (isJpeg(bytes)) jpeg = bytes;
        else if (isWebp(bytes)) jpeg = webpAsJpeg(what, bytes, notes);
        else {
            notes.add(what + ": not a JPEG image, not kept (passages keep JPEG)");
            return null;
        }
        if (jpeg != null && jpeg.length > MAX_BYTES) {
            notes.add(what + ": " + jpeg.length / 1024 + " KiB, over the " + MAX_BYTES / 1024 + " KiB a passage keeps, not kept");
            return null;
        }
        return jpeg;
    }

    /** JPEG has no alpha channel: the image is drawn on white first. */
    private static byte[] webpAsJpeg(String what, byte[] webp, List<String> notes) {
        try {
            BufferedImage decoded = WEBP.decode(webp);
            BufferedImage rgb = new BufferedImage(decoded.getWidth(), decoded.getHeight(), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = rgb.createGraphics();
            g.drawImage(decoded, 0, 0, Color.WHITE, null);
            g.dispose();
            ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
            if (!ImageIO.write(rgb, "jpg", jpeg)) throw new IOException("no JPEG writer");
            notes.add(what + ": a WebP image, kept as JPEG");
            return jpeg.toByteArray();
        } catch (ImageDecoder.BadImage | IOException e) {
            notes.add(what + ": a WebP image that could not be read (" + e.getMessage() + "), not kept");
            return null;
        }
    }

    static boolean isJpeg(byte[] b) {
        return b.length >= 4 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8;
    }

    static boolean isWebp(byte[] b) {
        return b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E'
                && b[10] == 'B' && b[11] == 'P';
    }
}
