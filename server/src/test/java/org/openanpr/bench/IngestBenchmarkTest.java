package org.openanpr.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

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
        List<String> lines = run(new IngestBenchmark(3_000, 500, 100, 2, 2_000, 0.05, data)::run);
        assertThat(lines.getLast()).matches("reads/s: \\d+");
        assertThat(lines).anyMatch(l -> l.startsWith("machine: "))
                .anyMatch(l -> l.startsWith("timed: the last 3,000 reads, after 500 reads of warm-up")
                        && l.contains("failed requests: 0, reads not answered accepted: 0"))
                .anyMatch(l -> l.startsWith("rows: passages 3,500 of 3,500 (all)"))
                .anyMatch(l -> l.matches("ceiling: the same 3,500 rows .*"))
                .anyMatch(l -> l.matches("ceiling reads/s: \\d+"))
                .anyMatch(l -> l.matches("ratio: \\d+\\.\\d{3}"))
                .anyMatch(l -> l.matches("JIT compiling during the timed part: \\d+\\.\\d s of compiler threads' time in .*"));
        String rows = lines.stream().filter(l -> l.startsWith("rows: ")).findFirst().orElseThrow();
        String alerts = lines.stream().filter(l -> l.startsWith("alerts received: ")).findFirst().orElseThrow();
        // 5 % of 3,500 reads listed: both kinds of hit occur, each read once with its image and alert
        assertThat(rows).doesNotContain("exact 0,").doesNotContain("fuzzy 0)");
        assertThat(alerts).matches("alerts received: ([\\d,]+) of \\1 hits");
    }

    @Test
    void oneReadPerRequestFromConcurrentClients() throws Exception {
        List<String> lines = run(new IngestBenchmark(400, 100, 1, 8, 100, 0.05, data)::run);
        assertThat(lines).anyMatch(l -> l.startsWith("bench ingest: 400 reads in 400 requests of 1 "))
                .anyMatch(l -> l.contains("failed requests: 0, reads not answered accepted: 0"))
                .anyMatch(l -> l.startsWith("rows: passages 500 of 500 (all)"));
        assertThat(lines.getLast()).matches("reads/s: \\d+");
    }

    @Test
    void openAlprWebhooksWithImagesThroughTheConnectorAfterAWarmUp() throws Exception {
        List<String> lines = run(new ConnectorBenchmark(120, 30, 4, data)::run);
        assertThat(lines).anyMatch(l -> l.startsWith("timed: the last 120 messages, after 30 of warm-up")
                        && l.endsWith("messages not answered with one accepted read: 0"))
                .anyMatch(l -> l.equals("rows: passages 150 of 150 (all), images 300 of 300"))
                .anyMatch(l -> l.matches("CPU of this JVM .* per read: \\d+ µs"))
                .anyMatch(l -> l.startsWith("JIT compiling during the timed part: "));
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
