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
 * The search benchmark runs end to end on a small fill, through the store and through the API as an analyst who
 * minted their own token, with one audit record per API search. Its speed is not asserted here.
 */
class SearchBenchmarkTest {
    @TempDir
    Path data;

    @Test
    void searchesTheStoreAndTheApiWithEverySearchOnTheRecord() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = new SearchBenchmark(20_000, 10, data).run(new PrintStream(out, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(status).as(printed).isZero();
        List<String> lines = printed.lines().toList();
        assertThat(lines).anyMatch(l -> l.startsWith("machine: "))
                .anyMatch(l -> l.startsWith("bench search: 20,000 passages"))
                .anyMatch(l -> l.startsWith("plate fuzzy, last 7 days, HTTP as an analyst with a legal basis, audited: "))
                .anyMatch(l -> l.matches("audit records of those searches: ([\\d,]+) of \\1"));
    }
}
