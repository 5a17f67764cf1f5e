package org.openanpr.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ingest benchmarks (reads, and vendor webhooks through a connector) run end to end on a small scale and hold
 * themselves to what they claim: every read answered accepted and stored, every listed read a hit with its image and
 * its alert, the ceiling measured over the same rows. Their speed is not asserted here.
 */
class IngestBenchmarkTest {
    @TempDir
    Path data;

    @Test
    void batchesFromCameraTokensHitBothListsAndMeasureTheCeiling() throws Exception {
        // A settling limit of a second: the first round of 500 reads, then one of fresh reads sized to last about 5 s
        List<String> lines = run(new IngestBenchmark(3_000, 500, Duration.ofSeconds(1), 100, 2, 2_000, 0.05, data)::run);
        assertThat(lines.getLast()).matches("reads/s: \\d+");
        String timed = lines.stream().filter(l -> l.startsWith("timed: ")).findFirst().orElseThrow();
        Matcher warm = Pattern.compile("timed: the last 3,000 reads, after ([\\d,]+) reads of warm-up.*").matcher(timed);
        assertThat(warm.matches()).as(timed).isTrue();
        assertThat(timed).contains("failed requests: 0, reads not answered accepted: 0");
        long all = Long.parseLong(warm.group(1).replace(",", "")) + 3_000;
        assertThat(all).as("a second round of warm-up after the first 500 reads").isGreaterThan(3_500);
        assertThat(lines).anyMatch(l -> l.startsWith("machine: "))
                .anyMatch(l -> l.startsWith("warm-up: 2 rounds in "))
                .anyMatch(l -> l.startsWith("rows: passages %,d of %,d (all)".formatted(all, all)))
                .anyMatch(l -> l.matches("ceiling: the same %,d rows .*".formatted(all)))
                .anyMatch(l -> l.matches("ceiling reads/s: \\d+"))
                .anyMatch(l -> l.matches("ratio: \\d+\\.\\d{3}"))
                .anyMatch(l -> l.matches("JIT compiling during the timed part: \\d+\\.\\d s of compiler threads' time in .*"));
        String rows = lines.stream().filter(l -> l.startsWith("rows: ")).findFirst().orElseThrow();
        String alerts = lines.stream().filter(l -> l.startsWith("alerts received: ")).findFirst().orElseThrow();
        // 5 % of the reads listed: both kinds of hit occur, each read once with its image and alert
        assertThat(rows).doesNotContain("exact 0,").doesNotContain("fuzzy 0)");
        assertThat(alerts).matches("alerts received: ([\\d,]+) of \\1 hits");
    }

    @Test
    void oneReadPerRequestFromConcurrentClients() throws Exception {
        List<String> lines = run(new IngestBenchmark(400, 100, Duration.ZERO, 1, 8, 100, 0.05, data)::run);
        assertThat(lines).anyMatch(l -> l.startsWith("bench ingest: 400 reads in 400 requests of 1 "))
                .anyMatch(l -> l.contains("failed requests: 0, reads not answered accepted: 0"))
                .anyMatch(l -> l.startsWith("rows: passages 500 of 500 (all)"));
        assertThat(lines.getLast()).matches("reads/s: \\d+");
    }

    @Test
    void openAlprWebhooksWithImagesThroughTheConnectorAfterAWarmUp() throws Exception {
        List<String> lines = run(new ConnectorBenchmark(120, 30, Duration.ZERO, 4, data)::run);
        assertThat(lines).anyMatch(l -> l.startsWith("timed: the last 120 messages, after 30 of warm-up")
                        && l.endsWith("messages not answered with one accepted read: 0"))
                .anyMatch(l -> l.equals("rows: passages 150 of 150 (all), images 300 of 300"))
                .anyMatch(l -> l.matches("CPU of this JVM .* per read: \\d+ µs"))
                .anyMatch(l -> l.startsWith("JIT compiling during the timed part: "));
        String held = lines.stream().filter(l -> l.startsWith("passages and their images held when the timed part started: "))
                .findFirst().orElseThrow();
        assertThat(Double.parseDouble(held.replaceAll(".*: ([0-9.,]+) MB$", "$1").replace(",", "")))
                .as("the warm-up's 30 reads with their images").isPositive();
        assertThat(lines.getLast()).matches("reads/s: \\d+");
    }

    /** A benchmark's run: prints its report, returns its exit status. */
    private interface Bench {
        int run(PrintStream out) throws Exception;
    }

    /** Runs the benchmark, which must report success, and returns what it printed. */
    private static List<String> run(Bench bench) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = bench.run(new PrintStream(out, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(status).as(printed).isZero();
        return printed.lines().toList();
    }
}
