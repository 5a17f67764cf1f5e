package org.openanpr.recognition;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds text in an image: PP-OCRv4's detector gives a per-pixel text probability on a downscaled copy; the
 * differentiable-binarisation post-processing turns it into boxes (threshold, connected regions, each region's
 * oriented rectangle from its second moments, enlarged by the "unclip" margin the model was trained to leave).
 * One session, not thread-safe by design: {@link PlateRecognizer} is used by one thread at a time.
 */
final class TextDetector implements AutoCloseable {
    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};
    private static final float PIXEL_THRESHOLD = 0.3f;
    private static final float BOX_THRESHOLD = 0.5f;
    private static final double UNCLIP_RATIO = 1.6;
    private static final int MIN_SIDE = 3;

    private final OrtEnvironment env;
    private final OrtSession session;
    private final int maxSide;

    TextDetector(OrtEnvironment env, OrtSession session, int maxSide) {
        this.env = env;
        this.session = session;
        this.maxSide = maxSide;
    }

    /** A found text region: an oriented rectangle in image pixels. */
    record TextBox(double cx, double cy, double w, double h, double angle, double score) {
        Box bounds() {
            double c = Math.abs(Math.cos(angle));
            double s = Math.abs(Math.sin(angle));
            double bw = w * c + h * s;
            double bh = w * s + h * c;
            return new Box((int) Math.round(cx - bw / 2), (int) Math.round(cy - bh / 2), (int) Math.round(bw), (int) Math.round(bh));
        }
    }

    List<TextBox> detect(Pixels image) throws OrtException {
        double scale = Math.min(1.0, (double) maxSide / Math.max(image.width(), image.height()));
        int w = Math.max(32, (int) Math.round(image.width() * scale / 32) * 32);
        int h = Math.max(32, (int) Math.round(image.height() * scale / 32) * 32);
        float[] input = new float[3 * w * h];
        double sx = (double) image.width() / w;
        double sy = (double) image.height() / h;
        int plane = w * h;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.sample((x + 0.5) * sx - 0.5, (y + 0.5) * sy - 0.5);
                // channels in B, G, R order, as PaddleOCR trained on OpenCV images
                float b = (rgb & 0xFF) / 255f;
                float g = ((rgb >> 8) & 0xFF) / 255f;
                float r = ((rgb >> 16) & 0xFF) / 255f;
                int i = y * w + x;
                input[i] = (b - MEAN[0]) / STD[0];
                input[plane + i] = (g - MEAN[1]) / STD[1];
                input[2 * plane + i] = (r - MEAN[2]) / STD[2];
            }
        }
        float[] prob;
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {1, 3, h, w});
             OrtSession.Result result = session.run(Map.of(session.getInputNames().iterator().next(), tensor))) {
            FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
            prob = new float[out.remaining()];
            out.get(prob);
        }
        return boxes(prob, w, h, sx, sy);
    }

    /** The regions of the probability map as boxes in image coordinates. */
    static List<TextBox> boxes(float[] prob, int w, int h, double sx, double sy) {
        int[] label = new int[w * h];
        int[] stack = new int[w * h];
        List<TextBox> boxes = new ArrayList<>();
        int next = 0;
        for (int start = 0; start < w * h; start++) {
            if (label[start] != 0 || prob[start] <= PIXEL_THRESHOLD) continue;
            next++;
            int top = 0;
            stack[top++] = start;
            label[start] = next;
            double n = 0, sumP = 0, mx = 0, my = 0, mxx = 0, myy = 0, mxy = 0;
            int first = 0;
            // the region's pixels are collected in stack[0, top) and kept there for the second pass
            while (first < top) {
                int p = stack[first++];
                int px = p % w;
                int py = p / w;
                n++;
                sumP += prob[p];
                mx += px;
                my += py;
                mxx += (double) px * px;
                myy += (double) py * py;
                mxy += (double) px * py;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int qx = px + dx;
                        int qy = py + dy;
                        if (qx < 0 || qy < 0 || qx >= w || qy >= h) continue;
                        int q = qy * w + qx;
                        if (label[q] == 0 && prob[q] > PIXEL_THRESHOLD) {
                            label[q] = next;
                            stack[top++] = q;
                        }
                    }
                }
            }
            if (n < MIN_SIDE * MIN_SIDE || sumP / n < BOX_THRESHOLD) continue;
            mx /= n;
            my /= n;
            double cxx = mxx / n - mx * mx;
            double cyy = myy / n - my * my;
            double cxy = mxy / n - mx * my;
            double angle = 0.5 * Math.atan2(2 * cxy, cxx - cyy);
            double cos = Math.cos(angle);
            double sin = Math.sin(angle);
            double uMin = Double.MAX_VALUE, uMax = -Double.MAX_VALUE, vMin = Double.MAX_VALUE, vMax = -Double.MAX_VALUE;
            for (int i = 0; i < top; i++) {
                int p = stack[i];
                double dx = p % w - mx;
                double dy = p / w - my;
                double u = dx * cos + dy * sin;
                double v = -dx * sin + dy * cos;
                uMin = Math.min(uMin, u);
                uMax = Math.max(uMax, u);
                vMin = Math.min(vMin, v);
                vMax = Math.max(vMax, v);
            }
            double bw = uMax - uMin + 1;
            double bh = vMax - vMin + 1;
            if (Math.min(bw, bh) < MIN_SIDE) continue;
            double grow = bw * bh * UNCLIP_RATIO / (2 * (bw + bh));
            double cu = (uMin + uMax) / 2;
            double cv = (vMin + vMax) / 2;
            double cx = mx + cu * cos - cv * sin;
            double cy = my + cu * sin + cv * cos;
            // back to image pixels; the map was scaled by nearly the same factor both ways
            double s = (sx + sy) / 2;
            boxes.add(new TextBox((cx + 0.5) * sx, (cy + 0.5) * sy, (bw + 2 * grow) * s, (bh + 2 * grow) * s, angle,
                    sumP / n));
        }
        return boxes;
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
