package org.openanpr.recognition;

import java.awt.image.BufferedImage;

/** An image's pixels as packed RGB, with bilinear sampling; read once from a {@link BufferedImage}. */
record Pixels(int width, int height, int[] rgb) {

    static Pixels of(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        return new Pixels(w, h, image.getRGB(0, 0, w, h, null, 0, w));
    }

    /** The colour at a fractional position, interpolated; positions outside are clamped to the edge. */
    int sample(double x, double y) {
        x = Math.clamp(x, 0, width - 1);
        y = Math.clamp(y, 0, height - 1);
        int x0 = (int) x;
        int y0 = (int) y;
        int x1 = Math.min(x0 + 1, width - 1);
        int y1 = Math.min(y0 + 1, height - 1);
        double fx = x - x0;
        double fy = y - y0;
        int a = rgb[y0 * width + x0];
        int b = rgb[y0 * width + x1];
        int c = rgb[y1 * width + x0];
        int d = rgb[y1 * width + x1];
        int out = 0;
        for (int shift = 0; shift <= 16; shift += 8) {
            double top = ((a >> shift) & 0xFF) * (1 - fx) + ((b >> shift) & 0xFF) * fx;
            double bottom = ((c >> shift) & 0xFF) * (1 - fx) + ((d >> shift) & 0xFF) * fx;
            out |= ((int) Math.round(top * (1 - fy) + bottom * fy) & 0xFF) << shift;
        }
        return out;
    }
}
