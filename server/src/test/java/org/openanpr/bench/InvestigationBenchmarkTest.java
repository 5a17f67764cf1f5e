package org.openanpr.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The investigation benchmark runs end to end on a small fill and the clone check finds what it planted, and only
 * that (precision and recall 1 on clean, physically possible traffic). Its speed is not asserted here.
 */
class InvestigationBenchmarkTest {
    @TempDir
    Path data;

    @Test
    void findsThePlantedClonesAndTimesTheRouteAndTheCheck() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = new InvestigationBenchmark(40_000, 10, data).run(new PrintStream(out, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(status).as(printed).isZero();
        assertThat(printed.lines()).anyMatch(l -> l.startsWith("machine: "))
                .anyMatch(l -> l.startsWith("bench investigation: 40,"))
                .anyMatch(l -> l.startsWith("route of a plate over 7 days"))
                .anyMatch(l -> l.startsWith("clone check precision 1.000, recall 1.000"))
                .anyMatch(l -> l.startsWith("convoy recall 1.000"));
    }
}
