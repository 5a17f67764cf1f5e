package org.openanpr.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The analysis benchmark runs every analysis end to end on a small fill, each finds what was planted and only that,
 * and a second run reuses the fill and finds the same (the truth is regenerated, not stored). Speed is not asserted.
 */
class AnalysisBenchmarkTest {
    @TempDir
    Path data;

    @Test
    void everyAnalysisFindsWhatWasPlantedAndASecondRunReusesTheFill() throws Exception {
        for (int run = 0; run < 2; run++) {
            boolean first = run == 0;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int status = new AnalysisBenchmark(150_000, 10, data).run(new PrintStream(out, true, StandardCharsets.UTF_8));
            String printed = out.toString(StandardCharsets.UTF_8);
            assertThat(status).as(printed).isZero();
            assertThat(printed.lines()).as(printed).anyMatch(l -> l.startsWith("machine: "))
                    .anyMatch(l -> l.startsWith("bench analysis: 150,000 passages"))
                    .anyMatch(l -> l.startsWith(first ? "filling 150,000 passages" : "reusing the existing fill"))
                    // the statistics read a roll-up; a second run over the same fill has nothing to roll up again
                    .anyMatch(l -> l.startsWith("statistics roll-up (full refresh") && (first || l.contains(": 0 hours changed, 0 local days")));
            for (String kind : new String[]{"targeted convoy, 7 days", "untargeted convoy", "clone check", "section speed", "hopper profile",
                    "border shuttle profile", "statistics: passages per camera per hour", "statistics: passages and vehicles per camera per day",
                    "statistics: distinct vehicles"})
                assertThat(printed.lines()).as(printed).anyMatch(l -> l.startsWith(kind) && l.contains("precision 1.000, recall 1.000"));
            // the witness searches are timed; each fails the run when it misses the vehicle it was asked about
            assertThat(printed.lines()).as(printed).anyMatch(l -> l.startsWith("stakeout of one area") && l.contains("10 queries"))
                    .anyMatch(l -> l.startsWith("partial plate (one unknown character)") && l.contains("10 queries"))
                    .anyMatch(l -> l.startsWith("statistics: repeat visitors")).anyMatch(l -> l.startsWith("statistics: origin-destination"));
        }
    }
}
