package org.openanpr.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A warm-up that lasts until the JIT has settled, and the JIT's time in the part timed after it. On two cores the JVM
 * has one C2 compiler thread; under load it works through a queue of hot methods while sharing the cores with the
 * server, so code that runs per request or per transaction (a few times a second with batches of 500) waits minutes
 * at the profiling tier for its optimised compile. Measured with JFR's compilation events (2026-12-02): after a
 * warm-up of 200,000 reads in batches of 500, {@code GroupCommit.write}, {@code PassageStore.claim},
 * {@code CloneStage.examine} and the JDBC driver's send and parse got their C2 compiles in the timed part, 6.5 s of
 * compiler time in a 9 s run; after 40,000 connector messages the socket, HTTP and JDBC code did (5.5 s in 14 s), not
 * recompiled after traps but compiled late. A server running for days has compiled all of it; the benchmarks measure
 * it in that state, and print how settled their timed part was.
 */
final class JitWarmUp {
    /** A round counts as quiet when the compiler threads took less than this share of its wall time. */
    static final double QUIET_SHARE = 0.05;
    /** Quiet rounds in a row that end the warm-up: a lull between two compiles is not the end of them. */
    static final int QUIET_ROUNDS = 2;
    /** What each round after the first is sized to last. */
    static final Duration ROUND = Duration.ofSeconds(5);

    /** One round of warm-up load; round 0 is the minimum the benchmark was asked for. */
    interface Round {
        void run(int round) throws Exception;
    }

    /** How the warm-up went: its rounds, their wall time, and whether the JIT went quiet (false: limit reached or not reported). */
    record Settled(int rounds, double seconds, boolean quiet) {
        String describe() {
            return String.format(Locale.ROOT, "%d rounds in %.1f s; %s", rounds, seconds, quiet
                    ? String.format(Locale.ROOT, "the JIT's compiler threads took under %.0f %% of the last %d", QUIET_SHARE * 100, QUIET_ROUNDS)
                    : "the JIT had NOT settled (or does not report its time)");
        }
    }

    private JitWarmUp() {
    }

    /**
     * Runs rounds until {@link #QUIET_ROUNDS} in a row were quiet, or the rounds after the first took {@code limit}
     * (zero: the first round only).
     */
    static Settled run(Round round, Duration limit) throws Exception {
        long start = System.nanoTime();
        long limitFrom = 0;
        int quietInRow = 0;
        int rounds = 0;
        while (true) {
            long jit = jitMillis();
            long t0 = System.nanoTime();
            round.run(rounds++);
            long wall = System.nanoTime() - t0;
            if (rounds == 1) limitFrom = System.nanoTime();
            if (jit < 0) return new Settled(rounds, (System.nanoTime() - start) / 1e9, false);
            long spent = jitSince(jit);
            quietInRow = spent * 1e6 < QUIET_SHARE * wall ? quietInRow + 1 : 0;
            // On the console while it lasts (a minute or more): the report itself goes to the benchmark's output
            System.err.printf(Locale.ROOT, "warm-up round %d: %.1f s, JIT %.1f s%n", rounds, wall / 1e9, spent / 1e3);
            boolean quiet = quietInRow >= QUIET_ROUNDS;
            if (quiet || System.nanoTime() - limitFrom >= limit.toNanos()) {
                Settled settled = new Settled(rounds, (System.nanoTime() - start) / 1e9, quiet);
                System.err.println("warm-up over: " + settled.describe());
                return settled;
            }
        }
    }

    /**
     * Warm-up rounds of fresh requests, posted as the timed ones are: the first of {@code first} reads, each later one
     * sized from the rate of the one before to last about {@link #ROUND}.
     *
     * @param perRequest the reads one request carries
     * @param make       the requests of a round carrying {@code reads} reads (whole requests), none posted before
     */
    static Posted post(java.net.URI uri, int clients, int first, int perRequest, Requests make, Duration limit) throws Exception {
        long[] reads = new long[1];
        int[] failures = new int[1];
        long[] notAccepted = new long[1];
        double[] rate = new double[1];
        Settled settled = run(round -> {
            int n = round == 0 ? first
                    : (int) Math.max((long) perRequest * clients, Math.round(rate[0] * ROUND.toSeconds() / perRequest) * perRequest);
            List<Posting.Request> requests = make.requests(round, n);
            long t0 = System.nanoTime();
            Posting.Posted p = Posting.post(uri, clients, requests);
            int posted = requests.stream().mapToInt(Posting.Request::reads).sum();
            rate[0] = posted / ((System.nanoTime() - t0) / 1e9);
            reads[0] += posted;
            failures[0] += p.failures();
            notAccepted[0] += p.notAccepted();
        }, limit);
        return new Posted(reads[0], failures[0], notAccepted[0], settled);
    }

    /** The requests of one warm-up round. */
    interface Requests {
        List<Posting.Request> requests(int round, int reads);
    }

    /** What a posted warm-up sent, how its answers went, and how it ended. */
    record Posted(long reads, int failures, long notAccepted, Settled settled) {
    }

    /**
     * Milliseconds the JIT's compiler threads have spent so far, -1 where the JVM does not say. On two cores what the
     * compiler threads take is taken from the server.
     */
    static long jitMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
    }

    /** Milliseconds the JIT has spent since {@code startMillis} (a {@link #jitMillis}), -1 where not reported. */
    static long jitSince(long startMillis) {
        return startMillis < 0 ? -1 : jitMillis() - startMillis;
    }

    /** The line that says how much the JIT still compiled ({@link #jitSince}) in a timed part of {@code seconds}. */
    static String jitLine(long spent, double seconds) {
        return spent < 0 ? "JIT: not reported by this JVM"
                : String.format(Locale.ROOT, "JIT compiling during the timed part: %.1f s of compiler threads' time in %.1f s "
                        + "(after the warm-up; a server running for days no longer compiles)", spent / 1e3, seconds);
    }
}
