package org.openanpr.recognition;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;

/**
 * Decodes camera images (JPEG, PNG, BMP, GIF, and WebP through the TwelveMonkeys plug-in: what {@code javax.imageio}
 * reads) with limits checked before any pixel is decoded: the file size, and the width and height from the header, so
 * a small file that claims a huge image (a decompression bomb) is refused without allocating it.
 */
public final class ImageDecoder {
    private final int maxBytes;
    private final long maxPixels;

    public ImageDecoder(int maxBytes, long maxPixels) {
        this.maxBytes = maxBytes;
        this.maxPixels = maxPixels;
    }

    /** Refusal of an image, with the reason for the caller. */
    public static final class BadImage extends IllegalArgumentException {
        private final boolean tooLarge;

        BadImage(String message) {
            this(message, false);
        }

        BadImage(String message, boolean tooLarge) {
            super(message);
            this.tooLarge = tooLarge;
        }

        /** Whether it was refused for its size (bytes or pixels), not its content. */
        public boolean tooLarge() {
            return tooLarge;
        }
    }

    public int maxBytes() {
        return maxBytes;
    }

    public long maxPixels() {
        return maxPixels;
    }

    /** @throws BadImage when it is no image this can read, or too large */
    public BufferedImage decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) throw new BadImage("no image");
        if (bytes.length > maxBytes) throw new BadImage("image of " + bytes.length + " bytes exceeds the limit of " + maxBytes, true);
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) throw new BadImage("not an image (JPEG, PNG, BMP, GIF or WebP expected)");
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w <= 0 || h <= 0) throw new BadImage("image has no pixels");
                if ((long) w * h > maxPixels)
                    throw new BadImage("image of " + w + "x" + h + " pixels exceeds the limit of " + maxPixels + " pixels", true);
                BufferedImage image = reader.read(0);
                if (image == null) throw new BadImage("image could not be decoded");
                return image;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof BadImage b) throw b;
            throw new BadImage("image could not be decoded: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
        }
    }
}
