package org.openanpr.recognition;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.openanpr.plate.PlateRanking;
import org.openanpr.plate.PlateRanking.Position;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads plates in one image: {@link TextDetector} finds text boxes, {@link TextReader} reads each, boxes that lie next
 * to each other on one line (a plate split at its emblem or hyphen, the EU band apart from the characters) or stacked
 * (two-line plates) are also read joined, and {@link PlateRanking} ranks what was read by plate layouts. Runs its two
 * ONNX sessions on one CPU thread each; not thread-safe: one recogniser per worker ({@link RecognitionPool}).
 */
public final class PlateRecognizer implements AutoCloseable {
    /** Detection runs on a copy whose longer side is at most this; plates stay over ~10 px high on HD images. */
    public static final int DETECTION_MAX_SIDE = 960;
    /** At most this many boxes are read, the most plate-like first: keeps the time per image bounded. */
    static final int MAX_BOXES = 6;
    static final int CANDIDATES = 10;
    private static final boolean DEBUG = Boolean.getBoolean("anpr.recognition.debug");

    private final TextDetector detector;
    private final TextReader reader;

    private PlateRecognizer(TextDetector detector, TextReader reader) {
        this.detector = detector;
        this.reader = reader;
    }

    /** Loads the models (checked against their SHA-256) into sessions that use one thread each. */
    public static PlateRecognizer load() {
        return load(DETECTION_MAX_SIDE);
    }

    static PlateRecognizer load(int detectionMaxSide) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            OrtSession det = env.createSession(Models.load(Models.DETECTOR, Models.DETECTOR_SHA256), options);
            OrtSession rec = env.createSession(Models.load(Models.RECOGNISER, Models.RECOGNISER_SHA256), options);
            return new PlateRecognizer(new TextDetector(env, det, detectionMaxSide), new TextReader(env, rec, Models.characters()));
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load the recognition models: " + e.getMessage(), e);
        }
    }

    /** One candidate plate, with the box it was read in. */
    public record Candidate(String plate, String display, String country, String format, double confidence, Box box) {
    }

    /** What one image gave: the candidates best first (empty when no plate was seen), and the time it took. */
    public record Recognition(int width, int height, List<Candidate> candidates, int boxesFound, double millis,
                              double detectMillis, double readMillis) {
        /** The best candidate, or null. */
        public Candidate best() {
            return candidates.isEmpty() ? null : candidates.getFirst();
        }

        /** The plates in the image: per box, the best candidate; boxes that overlap a better one left out. */
        public List<Candidate> plates() {
            List<Candidate> plates = new ArrayList<>();
            for (Candidate c : candidates) {
                if (plates.stream().noneMatch(p -> p.box().iou(c.box()) > 0.1)) plates.add(c);
            }
            return plates;
        }
    }

    public Recognition recognize(BufferedImage image) {
        long start = System.nanoTime();
        Pixels pixels = Pixels.of(image);
        try {
            List<TextDetector.TextBox> found = detector.detect(pixels);
            long detected = System.nanoTime();
            List<TextDetector.TextBox> boxes = new ArrayList<>(found.stream()
                    .filter(b -> b.h() >= 6 && b.w() >= b.h() * 0.8)
                    .sorted(Comparator.comparingDouble(PlateRecognizer::plateLikeness).reversed())
                    .limit(MAX_BOXES).toList());
            List<Read> reads = new ArrayList<>();
            for (TextDetector.TextBox box : boxes) reads.add(new Read(box.bounds(), reader.read(pixels, box), box.h()));
            long read = System.nanoTime();
            if (DEBUG) reads.forEach(r -> System.err.println("  box " + r.box() + " " + r.positions().stream().map(PlateRanking::describe).toList()));
            List<Read> lines = new ArrayList<>(reads);
            lines.addAll(joined(reads));
            List<PlateRanking.Line> ranked = lines.stream().map(r -> new PlateRanking.Line(r.positions(), prior(r.box()))).toList();
            List<Candidate> candidates = PlateRanking.rank(ranked, CANDIDATES).stream()
                    .map(c -> new Candidate(c.text(), c.display(), c.country() == null ? null : c.country().code(),
                            c.format(), c.confidence(), lines.get(c.line()).box()))
                    .toList();
            return new Recognition(image.getWidth(), image.getHeight(), candidates, found.size(), (System.nanoTime() - start) / 1e6,
                    (detected - start) / 1e6, (read - detected) / 1e6);
        } catch (OrtException e) {
            throw new IllegalStateException("recognition failed: " + e.getMessage(), e);
        }
    }

    /** A box and what was read in it. */
    private record Read(Box box, List<Position> positions, double textHeight) {
    }

    /** Joins of two or three boxes side by side on one line, and of two boxes stacked (two-line plates). */
    private static List<Read> joined(List<Read> reads) {
        List<Read> sorted = new ArrayList<>(reads);
        sorted.sort(Comparator.comparingInt(r -> r.box().x()));
        List<Read> out = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            Read a = sorted.get(i);
            for (int j = 0; j < sorted.size(); j++) {
                if (i == j) continue;
                Read b = sorted.get(j);
                if (sideBySide(a.box(), b.box())) {
                    Read ab = join(a, b);
                    out.add(ab);
                    for (int k = 0; k < sorted.size(); k++) {
                        if (k != i && k != j && sideBySide(b.box(), sorted.get(k).box())) out.add(join(ab, sorted.get(k)));
                    }
                } else if (stacked(a.box(), b.box())) {
                    out.add(join(a, b));
                }
            }
        }
        return out;
    }

    private static Read join(Read a, Read b) {
        List<Position> positions = new ArrayList<>(a.positions());
        positions.addAll(b.positions());
        return new Read(a.box().union(b.box()), positions, Math.max(a.textHeight(), b.textHeight()));
    }

    /** Whether {@code b} follows {@code a} on the same line of text, close enough to be one plate. */
    private static boolean sideBySide(Box a, Box b) {
        double h = Math.max(a.h(), b.h());
        double gap = b.x() - (a.x() + a.w());
        double aMid = a.y() + a.h() / 2.0;
        double bMid = b.y() + b.h() / 2.0;
        return b.x() > a.x() && gap > -0.3 * h && gap < 1.2 * h && Math.abs(aMid - bMid) < 0.35 * h
                && Math.min(a.h(), b.h()) > 0.45 * h;
    }

    /** Whether {@code b} is the second line of a two-line plate whose first line is {@code a}. */
    private static boolean stacked(Box a, Box b) {
        double h = Math.max(a.h(), b.h());
        double gap = b.y() - (a.y() + a.h());
        int overlap = Math.min(a.x() + a.w(), b.x() + b.w()) - Math.max(a.x(), b.x());
        return gap > -0.3 * h && gap < 0.6 * h && overlap > 0.6 * Math.min(a.w(), b.w())
                && Math.min(a.h(), b.h()) > 0.6 * h && Math.max(a.w(), b.w()) < 3.5 * h;
    }

    /** Log-prior of a box holding a plate's text: plates are wider than high, 2 to 8 times (one line) or squarer. */
    private static double prior(Box box) {
        double aspect = (double) box.w() / Math.max(1, box.h());
        if (aspect >= 2 && aspect <= 8) return 0;
        if (aspect >= 1 && aspect <= 10) return -0.7;
        return -2;
    }

    private static double plateLikeness(TextDetector.TextBox b) {
        double aspect = b.w() / Math.max(1, b.h());
        double shape = aspect >= 1.5 && aspect <= 9 ? 1 : 0.5;
        return shape * b.score();
    }

    @Override
    public void close() {
        try {
            detector.close();
            reader.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
