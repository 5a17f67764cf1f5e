package org.openanpr.bench;

import org.openanpr.recognition.Box;
import org.openanpr.recognition.ImageDecoder;
import org.openanpr.recognition.PlateRecognizer;
import org.openanpr.recognition.PlateRecognizer.Candidate;
import org.openanpr.recognition.PlateRecognizer.Recognition;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code bench recognition}: runs the recogniser over a folder of labelled images ({@code labels.tsv}: file, x, y, w,
 * h, plate) on one thread and prints exact-match accuracy of the best candidate, top-5 accuracy, detection rate (a
 * plate found whose box has IoU >= 0.5 with the labelled one) and milliseconds per image. Scoring as
 * {@code shared/README.md} says: spaces and dashes removed, the letter O and the digit 0 counted the same.
 */
public final class RecognitionBenchmark {
    private final Path data;
    private final boolean verbose;

    public RecognitionBenchmark(Path data, boolean verbose) {
        this.data = data;
        this.verbose = verbose;
    }

    record Label(String file, Box box, String plate) {
    }

    static List<Label> labels(Path dir) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(dir.resolve("labels.tsv"));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--data " + dir + ": no labels.tsv there");
        }
        List<Label> labels = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            String[] f = line.split("\t");
            if (f.length < 6) throw new IllegalArgumentException("labels.tsv line " + (i + 1) + ": expected 6 tab-separated columns");
            labels.add(new Label(f[0], new Box(Integer.parseInt(f[1].trim()), Integer.parseInt(f[2].trim()),
                    Integer.parseInt(f[3].trim()), Integer.parseInt(f[4].trim())), f[5].trim()));
        }
        return labels;
    }

    private static int p95(int n) {
        return Math.min(n - 1, (int) Math.ceil(n * 0.95) - 1);
    }

    /** The text as scored: upper case, no spaces or dashes, O counted as 0. */
    static String scored(String plate) {
        return plate == null ? "" : plate.toUpperCase().replaceAll("[\\s-]", "").replace('O', '0');
    }

    public int run(PrintStream out) throws IOException {
        List<Label> labels = labels(data);
        if (labels.isEmpty()) throw new IllegalArgumentException("--data " + data + ": labels.tsv has no plates");
        out.println(MachineInfo.describe());
        out.println("data: " + data.toAbsolutePath().normalize() + ", " + labels.size() + " labelled plates");
        out.println("engine: PP-OCRv4 text detection (longer side <= " + PlateRecognizer.DETECTION_MAX_SIDE
                + " px) + PP-OCRv4 recognition, ONNX Runtime on 1 thread, plate-format ranking");
        ImageDecoder decoder = new ImageDecoder(64 << 20, 100_000_000L);
        int exact = 0;
        int top5 = 0;
        int detected = 0;
        double[] millis = new double[labels.size()];
        double[] cpuMillis = new double[labels.size()];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double detectMillis = 0;
        double readMillis = 0;
        try (PlateRecognizer recognizer = PlateRecognizer.load()) {
            // one image first, untimed: the sessions' first run allocates and plans
            recognizer.recognize(decoder.decode(Files.readAllBytes(data.resolve(labels.getFirst().file()))));
            for (int i = 0; i < labels.size(); i++) {
                Label label = labels.get(i);
                byte[] bytes = Files.readAllBytes(data.resolve(label.file()));
                long start = System.nanoTime();
                long cpuStart = threads.getCurrentThreadCpuTime();
                Recognition r = recognizer.recognize(decoder.decode(bytes));
                millis[i] = (System.nanoTime() - start) / 1e6;
                cpuMillis[i] = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e6;
                detectMillis += r.detectMillis();
                readMillis += r.readMillis();
                String want = scored(label.plate());
                List<Candidate> candidates = r.candidates();
                boolean ok = !candidates.isEmpty() && scored(candidates.getFirst().plate()).equals(want);
                boolean inTop5 = candidates.stream().limit(5).anyMatch(c -> scored(c.plate()).equals(want));
                boolean found = r.plates().stream().anyMatch(c -> c.box().iou(label.box()) >= 0.5);
                exact += ok ? 1 : 0;
                top5 += inTop5 ? 1 : 0;
                detected += found ? 1 : 0;
                if (verbose) {
                    out.printf("%-12s %-10s %s %s %s %5.0f ms  %s%n", label.file(), label.plate(), ok ? "ok  " : "MISS",
                            inTop5 ? "top5" : "    ", found ? "box" : "   ", millis[i],
                            candidates.stream().limit(5).map(c -> c.plate() + String.format("(%.2f)", c.confidence())).toList());
                }
            }
        }
        int n = labels.size();
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        out.printf("images: %d%n", n);
        out.printf("exact-match accuracy (best candidate): %d/%d = %.3f%n", exact, n, (double) exact / n);
        out.printf("top-5 accuracy: %d/%d = %.3f%n", top5, n, (double) top5 / n);
        out.printf("detection rate (IoU >= 0.5): %d/%d = %.3f%n", detected, n, (double) detected / n);
        double[] cpuSorted = cpuMillis.clone();
        Arrays.sort(cpuSorted);
        // the ONNX sessions run on the calling thread (one intra-op thread), so its CPU time is the work done on one
        // core; wall time also counts waiting for a core on a busy machine
        out.printf("ms per image on one core (CPU time of the one thread; decode + detection + reading + ranking): mean %.1f, median %.1f, p95 %.1f, max %.1f%n",
                Arrays.stream(cpuMillis).average().orElse(0), cpuSorted[n / 2], cpuSorted[p95(n)], cpuSorted[n - 1]);
        out.printf("ms per image wall clock (load average %.1f on %d cores): mean %.1f, median %.1f, p95 %.1f%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.getRuntime().availableProcessors(),
                Arrays.stream(millis).average().orElse(0), sorted[n / 2], sorted[p95(n)]);
        out.printf("wall clock per image (mean): detection %.1f ms, reading %.1f ms%n", detectMillis / n, readMillis / n);
        out.printf("accuracy: %.4f%n", (double) exact / n);
        return 0;
    }
}
