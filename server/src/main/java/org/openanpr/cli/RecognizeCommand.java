package org.openanpr.cli;

import org.openanpr.http.Json;
import org.openanpr.recognition.ImageDecoder;
import org.openanpr.recognition.PlateRecognizer;
import org.openanpr.recognition.PlateRecognizer.Candidate;
import org.openanpr.recognition.PlateRecognizer.Recognition;
import org.openanpr.recognition.RecognitionResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ./anpr recognize IMAGE...}: the plates in images, with their boxes and candidates; no server needed. */
@Command(name = "recognize", mixinStandardHelpOptions = true,
        description = "Reads the plates in images (JPEG, PNG, BMP, GIF) and prints each plate, its box (x,y,w,h in pixels) and the ranked candidates.")
final class RecognizeCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Image files.")
    List<Path> images;
    @Option(names = "--json", description = "Print one JSON object per image (the same as POST /api/v1/recognize answers).")
    boolean json;
    @Option(names = "--candidates", defaultValue = "5", description = "Candidates to print per image (default: ${DEFAULT-VALUE}).")
    int candidates;

    @Override
    public Integer call() throws IOException {
        if (candidates < 1 || candidates > 10) throw new IllegalArgumentException("--candidates 1..10");
        ImageDecoder decoder = new ImageDecoder(RecognitionResult.MAX_IMAGE_BYTES, RecognitionResult.MAX_PIXELS);
        int failed = 0;
        try (PlateRecognizer recognizer = PlateRecognizer.load()) {
            for (Path image : images) {
                Recognition r;
                try {
                    r = recognizer.recognize(decoder.decode(Files.readAllBytes(image)));
                } catch (NoSuchFileException e) {
                    System.err.println("anpr recognize: " + image + ": no such file");
                    failed++;
                    continue;
                } catch (ImageDecoder.BadImage e) {
                    System.err.println("anpr recognize: " + image + ": " + e.getMessage());
                    failed++;
                    continue;
                }
                if (json) {
                    System.out.println(Json.MAPPER.writeValueAsString(RecognitionResult.of(r, candidates)));
                    continue;
                }
                System.out.printf("%s: %dx%d, %d text boxes, %.0f ms%n", image, r.width(), r.height(), r.boxesFound(), r.millis());
                if (r.candidates().isEmpty()) System.out.println("  no plate found");
                for (Candidate p : r.plates()) {
                    System.out.printf("  plate %-10s %-12s %-3s %-14s confidence %.2f  box %s%n", p.plate(), p.display(),
                            p.country() == null ? "-" : p.country(), p.format(), p.confidence(), box(p));
                }
                int rank = 0;
                for (Candidate c : r.candidates().subList(0, Math.min(candidates, r.candidates().size()))) {
                    System.out.printf("    %d. %-10s %.3f  %s  %s%n", ++rank, c.plate(), c.confidence(), c.format(), box(c));
                }
            }
        }
        return failed == 0 ? 0 : 1;
    }

    private static String box(Candidate c) {
        return c.box().x() + "," + c.box().y() + "," + c.box().w() + "," + c.box().h();
    }
}
