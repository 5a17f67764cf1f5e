package org.openanpr.cli;

import org.openanpr.bench.IngestBenchmark;
import org.openanpr.bench.AlertBenchmark;
import org.openanpr.bench.ImportBenchmark;
import org.openanpr.bench.MatchBenchmark;
import org.openanpr.bench.SearchBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks; each prints what it ran on.",
        subcommands = {BenchCommand.Ingest.class, BenchCommand.Search.class, BenchCommand.Match.class,
                BenchCommand.Import.class, BenchCommand.Alert.class, BenchCommand.Zone.class})
final class BenchCommand implements Runnable {
    @Override
    public void run() {
        picocli.CommandLine.usage(this, System.err);
    }

    @Command(name = "ingest", mixinStandardHelpOptions = true,
            description = "Starts the server on a fresh embedded database with lists switched on and posts generated reads "
                    + "over HTTP with camera tokens (hits, plate images, scan counts, alerts to an SSE listener); "
                    + "then COPYs the same rows straight into the passage table for the storage ceiling.")
    static final class Ingest implements Callable<Integer> {
        @Option(names = "--reads", defaultValue = "100000", description = "Reads to post (default: ${DEFAULT-VALUE}).")
        int reads;
        @Option(names = "--batch", defaultValue = "500", description = "Reads per request; 1 sends each read as its own request (default: ${DEFAULT-VALUE}).")
        int batch;
        @Option(names = "--clients", defaultValue = "4", description = "Concurrent HTTP clients (default: ${DEFAULT-VALUE}).")
        int clients;
        @Option(names = "--entries", defaultValue = "1000000", description = "Entries on the lists switched on, a tenth of them on the fuzzy list (default: ${DEFAULT-VALUE}).")
        int entries;
        @Option(names = "--hit-percent", defaultValue = "1", description = "Share of reads whose plate is listed (default: ${DEFAULT-VALUE}).")
        double hitPercent;
        @Option(names = "--data", defaultValue = "data/bench-ingest", description = "Scratch data directory, wiped first (default: ${DEFAULT-VALUE}).")
        Path data;

        @Override
        public Integer call() throws Exception {
            if (reads < 1 || batch < 1 || batch > 5000 || clients < 1 || entries < 10 || entries > 2_000_000
                    || hitPercent < 0 || hitPercent > 100)
                throw new IllegalArgumentException("--reads >= 1, --batch 1..5000, --clients >= 1, --entries 10..2000000, --hit-percent 0..100");
            return new IngestBenchmark(reads, batch, clients, entries, hitPercent / 100, data).run(System.out);
        }
    }

    @Command(name = "search", mixinStandardHelpOptions = true,
            description = "Fills N passages over 28 daily partitions (kept between runs) and times plate-history, camera-window, fuzzy and wildcard queries on the store, and fuzzy and wildcard searches through the HTTP API as an analyst.")
    static final class Search implements Callable<Integer> {
        @Option(names = "--passages", defaultValue = "1000000", description = "Passages to store (default: ${DEFAULT-VALUE}).")
        long passages;
        @Option(names = "--queries", defaultValue = "1000", description = "Queries of each kind (default: ${DEFAULT-VALUE}).")
        int queries;
        @Option(names = "--data", defaultValue = "data/bench-search", description = "Data directory, reused when it holds the same fill (default: ${DEFAULT-VALUE}).")
        Path data;

        @Override
        public Integer call() throws Exception {
            if (passages < 1000 || queries < 1) throw new IllegalArgumentException("--passages >= 1000, --queries >= 1");
            return new SearchBenchmark(passages, queries, data).run(System.out);
        }
    }

    @Command(name = "match", mixinStandardHelpOptions = true,
            description = "Imports N synthetic entries into lists switched on as in the field and times the server's matcher on one thread: reads matched/s, matches found.")
    static final class Match implements Callable<Integer> {
        @Option(names = "--entries", defaultValue = "1000000", description = "List entries to index (default: ${DEFAULT-VALUE}).")
        int entries;
        @Option(names = "--reads", defaultValue = "2000000", description = "Reads to match in each timed pass (default: ${DEFAULT-VALUE}).")
        int reads;
        @Option(names = "--fuzzy-percent", defaultValue = "10", description = "Share of the entries on the fuzzy list (default: ${DEFAULT-VALUE}).")
        int fuzzyPercent;
        @Option(names = "--data", defaultValue = "data/bench-match", description = "Scratch data directory, wiped first (default: ${DEFAULT-VALUE}).")
        Path data;

        @Override
        public Integer call() throws Exception {
            if (entries < 1000 || reads < 1 || fuzzyPercent < 1 || fuzzyPercent > 99)
                throw new IllegalArgumentException("--entries >= 1000, --reads >= 1, --fuzzy-percent 1..99");
            return new MatchBenchmark(entries, reads, fuzzyPercent, data).run(System.out);
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Imports a reference list of N entries over HTTP (full replace, twice) and times it.")
    static final class Import implements Callable<Integer> {
        @Option(names = "--entries", defaultValue = "1000000", description = "Entries in the list file (default: ${DEFAULT-VALUE}).")
        int entries;
        @Option(names = "--data", defaultValue = "data/bench-import", description = "Scratch data directory, wiped first (default: ${DEFAULT-VALUE}).")
        Path data;

        @Override
        public Integer call() throws Exception {
            if (entries < 1 || entries > 3_000_000) throw new IllegalArgumentException("--entries 1..3000000");
            return new ImportBenchmark(entries, data).run(System.out);
        }
    }

    @Command(name = "alert", mixinStandardHelpOptions = true,
            description = "Posts reads at a steady rate while an SSE client listens; prints read-to-alert latency.")
    static final class Alert implements Callable<Integer> {
        @Option(names = "--rate", defaultValue = "2000", description = "Reads per second (default: ${DEFAULT-VALUE}).")
        int rate;
        @Option(names = "--seconds", defaultValue = "30", description = "How long to post (default: ${DEFAULT-VALUE}).")
        int seconds;
        @Option(names = "--warmup", defaultValue = "5", description = "Seconds posted first at the same rate, whose alerts are reported apart (default: ${DEFAULT-VALUE}).")
        int warmup;
        @Option(names = "--entries", defaultValue = "100000", description = "Entries on the active list (default: ${DEFAULT-VALUE}).")
        int entries;
        @Option(names = "--hit-percent", defaultValue = "1", description = "Share of reads whose plate is listed (default: ${DEFAULT-VALUE}).")
        double hitPercent;
        @Option(names = "--data", defaultValue = "data/bench-alert", description = "Scratch data directory, wiped first (default: ${DEFAULT-VALUE}).")
        Path data;

        @Override
        public Integer call() throws Exception {
            if (rate < 100 || seconds < 1 || warmup < 0 || entries < 1 || entries > 3_000_000 || hitPercent <= 0 || hitPercent > 100)
                throw new IllegalArgumentException("--rate >= 100, --seconds >= 1, --warmup >= 0, --entries 1..3000000, --hit-percent (0, 100]");
            return new AlertBenchmark(rate, seconds, warmup, entries, hitPercent / 100, data).run(System.out);
        }
    }

    @Command(name = "zone", mixinStandardHelpOptions = true,
            description = "Passages through a zero-emission zone's rules against a large vehicle registry in an embedded PostgreSQL: "
                    + "prints the registry load time and decisions/s (deciding alone, and with the decisions written).")
    static final class Zone implements Callable<Integer> {
        @Option(names = "--vehicles", defaultValue = "10000000", description = "Vehicles in the registry (default: ${DEFAULT-VALUE}).")
        int vehicles;
        @Option(names = "--passages", defaultValue = "1000000", description = "Passages to decide (default: ${DEFAULT-VALUE}).")
        int passages;
        @Option(names = "--csv-lines", defaultValue = "1000000", description = "Vehicles first loaded through the RDW CSV loader, for its speed; 0 skips (default: ${DEFAULT-VALUE}).")
        int csvLines;
        @Option(names = "--write-passages", defaultValue = "100000", description = "Of the passages, how many are also written (decisions, cases, counts), timed apart (default: ${DEFAULT-VALUE}).")
        int writePassages;
        @Option(names = "--data", defaultValue = "data/bench-zone", description = "Scratch data directory, wiped first (default: ${DEFAULT-VALUE}).")
        Path data;

        @Override
        public Integer call() throws Exception {
            if (vehicles < 1000 || vehicles > 60_000_000 || passages < 1 || csvLines < 0 || csvLines > 60_000_000)
                throw new IllegalArgumentException("--vehicles 1000..60000000, --passages >= 1, --csv-lines 0..60000000");
            return new org.openanpr.bench.ZoneBenchmark(vehicles, passages, csvLines, Math.max(0, writePassages), data).run(System.out);
        }
    }
}
