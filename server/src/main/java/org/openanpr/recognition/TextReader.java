package org.openanpr.recognition;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.openanpr.plate.PlateRanking.Position;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads the characters of one text box: the box is cut out along its orientation into a strip 48 pixels high (the
 * recogniser's input), PP-OCRv4's recogniser gives per time step a distribution over its characters, and CTC greedy
 * decoding collapses the steps into characters. Each character keeps its alternatives among A-Z and 0-9 (the highest
 * probability each reached over the character's steps), which the plate ranking uses to fit plate layouts.
 */
final class TextReader implements AutoCloseable {
    static final int HEIGHT = 48;
    private static final int MAX_WIDTH = 480;
    private static final int ALTERNATIVES = 5;
    private static final double MARGIN = 0.3;

    private final OrtEnvironment env;
    private final OrtSession session;
    /** Per class: its character, or 0 when it has none of its own (blank) or is not one character. */
    private final char[] classChar;
    /** Per class: the plate character it counts for (lower case folded to upper), or 0. */
    private final char[] plateChar;

    TextReader(OrtEnvironment env, OrtSession session, List<String> classes) {
        this.env = env;
        this.session = session;
        classChar = new char[classes.size()];
        plateChar = new char[classes.size()];
        for (int i = 1; i < classes.size(); i++) {
            String s = classes.get(i);
            if (s.length() != 1) continue;
            char c = s.charAt(0);
            classChar[i] = c;
            char upper = c >= 'a' && c <= 'z' ? (char) (c - 'a' + 'A') : c;
            if ((upper >= 'A' && upper <= 'Z') || (upper >= '0' && upper <= '9')) plateChar[i] = upper;
        }
    }

    /** The strip of the box, cut out of the image along the box's orientation, {@link #HEIGHT} high. */
    static float[] strip(Pixels image, TextDetector.TextBox box, int[] widthOut) {
        // a margin left and right: the detector's box can clip a narrow end character (I, 1)
        double h = box.h();
        double w = box.w() + MARGIN * h;
        double angle = box.angle();
        int width = (int) Math.clamp(Math.round(HEIGHT * w / Math.max(h, 1)), 16, MAX_WIDTH);
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        float[] out = new float[3 * HEIGHT * width];
        int plane = HEIGHT * width;
        for (int ty = 0; ty < HEIGHT; ty++) {
            double v = ((ty + 0.5) / HEIGHT - 0.5) * h;
            for (int tx = 0; tx < width; tx++) {
                double u = ((tx + 0.5) / width - 0.5) * w;
                double x = box.cx() + u * cos - v * sin - 0.5;
                double y = box.cy() + u * sin + v * cos - 0.5;
                int rgb = image.sample(x, y);
                int i = ty * width + tx;
                out[i] = ((rgb & 0xFF) / 255f - 0.5f) / 0.5f;
                out[plane + i] = (((rgb >> 8) & 0xFF) / 255f - 0.5f) / 0.5f;
                out[2 * plane + i] = (((rgb >> 16) & 0xFF) / 255f - 0.5f) / 0.5f;
            }
        }
        widthOut[0] = width;
        return out;
    }

    List<Position> read(Pixels image, TextDetector.TextBox box) throws OrtException {
        int[] width = new int[1];
        float[] input = strip(image, box, width);
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {1, 3, HEIGHT, width[0]});
             OrtSession.Result result = session.run(Map.of(session.getInputNames().iterator().next(), tensor))) {
            OnnxTensor out = (OnnxTensor) result.get(0);
            long[] shape = out.getInfo().getShape();
            FloatBuffer buffer = out.getFloatBuffer();
            float[] probs = new float[buffer.remaining()];
            buffer.get(probs);
            return decode(probs, (int) shape[1], (int) shape[2]);
        }
    }

    /** CTC greedy decoding of {@code steps x classes} probabilities, keeping per character its plate alternatives. */
    List<Position> decode(float[] probs, int steps, int classes) {
        List<Position> positions = new ArrayList<>();
        int previous = 0;
        float[] alt = new float[128];
        int segmentClass = 0;
        float segmentBest = 0;
        for (int t = 0; t <= steps; t++) {
            int best = 0;
            float bestP = -1;
            if (t < steps) {
                int base = t * classes;
                for (int c = 0; c < classes; c++) {
                    if (probs[base + c] > bestP) {
                        bestP = probs[base + c];
                        best = c;
                    }
                }
            }
            boolean continues = t < steps && best == previous && best != 0;
            if (!continues && segmentClass != 0) {
                positions.add(position(segmentClass, segmentBest, alt));
                segmentClass = 0;
            }
            if (t < steps && best != 0 && !continues) {
                segmentClass = best;
                segmentBest = 0;
                Arrays.fill(alt, 0);
            }
            if (segmentClass != 0) {
                segmentBest = Math.max(segmentBest, bestP);
                int base = t * classes;
                for (int c = 1; c < classes; c++) {
                    char pc = plateChar[c];
                    if (pc != 0 && probs[base + c] > alt[pc]) alt[pc] = probs[base + c];
                }
            }
            previous = best;
        }
        return positions;
    }

    private Position position(int cls, float p, float[] alt) {
        char top = plateChar[cls] != 0 ? plateChar[cls] : classChar[cls] != 0 ? classChar[cls] : '?';
        // the top character first, then the best other plate characters
        char[] chars = new char[ALTERNATIVES + 1];
        float[] ps = new float[ALTERNATIVES + 1];
        chars[0] = top;
        ps[0] = p;
        int n = 1;
        boolean[] used = new boolean[128];
        used[top < 128 ? top : 0] = true;
        while (n <= ALTERNATIVES) {
            char bestC = 0;
            float bestP = 0.001f;
            for (char c = '0'; c <= 'Z'; c++) {
                if (!used[c] && alt[c] > bestP) {
                    bestP = alt[c];
                    bestC = c;
                }
            }
            if (bestC == 0) break;
            used[bestC] = true;
            chars[n] = bestC;
            ps[n++] = bestP;
        }
        return new Position(Arrays.copyOf(chars, n), Arrays.copyOf(ps, n));
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
