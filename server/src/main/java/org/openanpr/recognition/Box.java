package org.openanpr.recognition;

/** An axis-aligned box in image pixels: top-left corner, width and height. */
public record Box(int x, int y, int w, int h) {

    /** Intersection over union with {@code o}: 0 when apart, 1 when the same. */
    public double iou(Box o) {
        int ix = Math.max(0, Math.min(x + w, o.x + o.w) - Math.max(x, o.x));
        int iy = Math.max(0, Math.min(y + h, o.y + o.h) - Math.max(y, o.y));
        double inter = (double) ix * iy;
        double union = (double) w * h + (double) o.w * o.h - inter;
        return union <= 0 ? 0 : inter / union;
    }

    /** The smallest box holding both. */
    public Box union(Box o) {
        int x0 = Math.min(x, o.x);
        int y0 = Math.min(y, o.y);
        return new Box(x0, y0, Math.max(x + w, o.x + o.w) - x0, Math.max(y + h, o.y + o.h) - y0);
    }
}
