package org.openanpr.cli;

import org.openanpr.bench.IngestBenchmark;
import org.openanpr.bench.AlertBenchmark;
import org.openanpr.bench.ImportBenchmark;
import org.openanpr.bench.MatchBenchmark;
import org.openanpr.bench.RecognitionBenchmark;
import org.openanpr.bench.SearchBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks; each prints what it ran on.",
        subcommands = {BenchCommand.Ingest.class, BenchCommand.Search.class, BenchCommand.Match.class,
                BenchCommand.Import.class, BenchCommand.Alert.class, BenchCommand.Connectors.class,
                BenchCommand.Load.class, BenchCommand.Recognition.class,
                BenchCommand.Investigation.class, BenchCommand.Zone.class, BenchCommand.Analysis.class})
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
        @Option(names = "--warmup", defaultValue = "200000", description = "Reads posted first, the same way, and not timed: the JIT compiles the hot path on them (the JIT time of the timed part is printed) (default: ${DEFAULT-VALUE}).")
        int warmup;
        @Option(names = "--settle", defaultValue = "240", description = "Seconds the warm-up may go on after --warmup, in rounds of fresh reads of about 5 s, until the JIT has settled: two rounds in a row in which its compiler threads took under 5 %% of the wall time (on two cores the one C2 thread compiles per-request code minutes into a run); 0: --warmup only (default: ${DEFAULT-VALUE}).")
        int settle;
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
            if (reads < 1 || warmup < 0 || settle < 0 || settle > 3600 || batch < 1 || batch > 5000 || clients < 1 || entries < 10 || entries > 2_000_000
                    || hitPercent < 0 || hitPercent > 100)
                throw new IllegalArgumentException("--reads >= 1, --warmup >= 0, --settle 0..3600, --batch 1..5000, --clients >= 1, --entries 10..2000000, --hit-percent 0..100");
            return new IngestBenchmark(reads, warmup, java.time.Duration.ofSeconds(settle), batch, clients, entries, hitPercent / 100, data).run(System.out);
        }
    }

    @Command(name = "connectors", mixinStandardHelpOptions = true,
            description = "Starts the server on a fresh embedded database and posts OpenALPR alpr_group webhooks with images "
                    + "through an OpenALPR connector over HTTP, one vehicle per message, as agents send them; prints reads/s.")
    static final class Connectors implements Callable<Integer> {
        @Option(names = "--messages", defaultValue = "50000", description = "alpr_group messages to post and time (default: ${DEFAULT-VALUE}).")
        int messages;
        @Option(names = "--warmup", defaultValue = "40000", description = "Messages posted first, the same way, and not timed: the JIT compiles the hot path on them (the JIT time of the timed part is printed) (default: ${DEFAULT-VALUE}).")
        int warmup;
        @Option(names = "--settle", defaultValue = "240", description = "Seconds the warm-up may go on after --warmup, in rounds of fresh messages of about 5 s, until the JIT has settled: two rounds in a row in which its compiler threads took under 5 %% of the wall time (on two cores the one C2 thread compiles per-request code minutes into a run); 0: --warmup only (default: ${DEFAULT-VALUE}).")
        int settle;
        @Option(names = "--clients", defaultValue = "32", description = "Concurrent HTTP clients (agents posting at once) (default: ${DEFAULT-VALUE}).")
        int clients;
        @Option(names = "--data", defaultValue = "data/bench-connectors", description = "Scratch data directory, wiped first (default: ${DEFAULT-VALUE}).")
        Path data;

        @Override
        public Integer call() throws Exception {
            if (messages < 1 || warmup < 0 || settle < 0 || settle > 3600 || clients < 1 || clients > 256)
                throw new IllegalArgumentException("--messages >= 1, --warmup >= 0, --settle 0..3600, --clients 1..256");
            return new org.openanpr.bench.ConnectorBenchmark(messages, warmup, java.time.Duration.ofSeconds(settle), clients, data).run(System.out);
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

    @Command(name = "investigation", mixinStandardHelpOptions = true,
            description = "Fills N passages over 7 days at 200 cameras across the Netherlands with planted cloned plates (kept between runs) and times the route of a plate and the clone check of one plate and of every plate, with the clone check's precision and recall.")
    static final class Investigation implements Callable<Integer> {
        @Option(names = "--passages", defaultValue = "1000000", description = "Passages to store (default: ${DEFAULT-VALUE}).")
        long passages;
        @Option(names = "--queries", defaultValue = "200", description = "Queries of each per-plate kind (default: ${DEFAULT-VALUE}).")
        int queries;
        @Option(names = "--data", defaultValue = "data/bench-investigation", description = "Data directory, reused when it holds the same fill (default: ${DEFAULT-VALUE}).")
        Path data;

        @Override
        public Integer call() throws Exception {
            if (passages < 1000 || queries < 1) throw new IllegalArgumentException("--passages >= 1000, --queries >= 1");
            return new org.openanpr.bench.InvestigationBenchmark(passages, queries, data).run(System.out);
        }
    }

    @Command(name = "analysis", mixinStandardHelpOptions = true,
            description = "Fills N passages over 7 days at 200 cameras with planted convoys, clones, speeders, hoppers and border shuttles in clean traffic (kept between runs), runs every analysis (targeted and untargeted convoy, clone check, section speed, pattern profiles, stakeout, partial plate, traffic statistics) and prints each one's answer time and precision and recall against what was planted.")
    static final class Analysis implements Callable<Integer> {
        @Option(names = "--passages", defaultValue = "10000000", description = "Passages to store (default: ${DEFAULT-VALUE}).")
        long passages;
        @Option(names = "--targets", defaultValue = "100", description = "Planted convoy targets to run the targeted convoy for (default: ${DEFAULT-VALUE}).")
        int targets;
        @Option(names = "--data", defaultValue = "data/bench-analysis", description = "Data directory, reused when it holds the same fill (default: ${DEFAULT-VALUE}).")
        Path data;

        @Override
        public Integer call() throws Exception {
            if (passages < 100_000 || passages > 100_000_000 || targets < 1) throw new IllegalArgumentException("--passages 100000..100000000, --targets >= 1");
            return new org.openanpr.bench.AnalysisBenchmark(passages, targets, data).run(System.out);
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

    @Command(name = "load", mixinStandardHelpOptions = true,
            description = "The scale-out path end to end: HTTP → Kafka (a local KRaft broker) → worker(s) → PostgreSQL → alerts, "
                    + "with the lists switched on; prints the reads/s the workers store with one worker and with two "
                    + "(last line: reads/s with one).")
    static final class Load implements Callable<Integer> {
        @Option(names = "--minutes", defaultValue = "2", description = "Minutes each phase (one worker, two workers) is measured (default: ${DEFAULT-VALUE}).")
        double minutes;
        @Option(names = "--warmup", defaultValue = "30", description = "Seconds of load before the first phase is measured: the JIT compiles the hot path (default: ${DEFAULT-VALUE}).")
        int warmup;
        @Option(names = "--settle", defaultValue = "360", description = "Seconds the load may go on after --warmup, in windows of 5 s, until this JVM's JIT has settled: two windows in a row in which its compiler threads took under 5 %% of the wall time; 0: --warmup only (default: ${DEFAULT-VALUE}).")
        int settle;
        @Option(names = "--entries", defaultValue = "1000000", description = "Entries on the lists switched on, a tenth of them on the fuzzy list (default: ${DEFAULT-VALUE}).")
        int entries;
        @Option(names = "--clients", defaultValue = "8", description = "Concurrent HTTP clients (default: ${DEFAULT-VALUE}).")
        int clients;
        @Option(names = "--batch", defaultValue = "500", description = "Reads per request (default: ${DEFAULT-VALUE}).")
        int batch;
        @Option(names = "--hit-percent", defaultValue = "1", description = "Share of reads whose plate is listed (default: ${DEFAULT-VALUE}).")
        double hitPercent;
        @Option(names = "--data", defaultValue = "data/bench-load", description = "Scratch data directory, wiped first (default: ${DEFAULT-VALUE}).")
        Path data;

        @Override
        public Integer call() throws Exception {
            if (minutes <= 0 || minutes > 60 || warmup < 0 || warmup > 600 || settle < 0 || settle > 3600 || entries < 10 || entries > 2_000_000 || clients < 1 || batch < 1 || batch > 5000
                    || hitPercent < 0 || hitPercent > 100)
                throw new IllegalArgumentException("--minutes 0..60, --warmup 0..600, --settle 0..3600, --entries 10..2000000, --clients >= 1, --batch 1..5000, --hit-percent 0..100");
            return new org.openanpr.bench.LoadBenchmark(java.time.Duration.ofMillis((long) (minutes * 60_000)),
                    java.time.Duration.ofSeconds(warmup), java.time.Duration.ofSeconds(settle), entries, clients, batch,
                    hitPercent / 100, data).run(System.out);
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

    @Command(name = "recognition", mixinStandardHelpOptions = true,
            description = "Runs plate recognition over labelled images (a folder with labels.tsv) on one thread: exact-match and top-5 accuracy, detection rate, ms per image; last line 'accuracy: <fraction>'.")
    static final class Recognition implements Callable<Integer> {
        @Option(names = "--data", required = true, description = "Folder with the images and labels.tsv (file, x, y, w, h, plate).")
        Path data;
        @Option(names = "--verbose", description = "Print each image's result.")
        boolean verbose;

        @Override
        public Integer call() throws Exception {
            if (!Files.isDirectory(data)) throw new IllegalArgumentException("--data " + data + ": not a folder");
            return new RecognitionBenchmark(data, verbose).run(System.out);
        }
    }
}
