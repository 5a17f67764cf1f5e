package org.openanpr.bench;

import java.util.Arrays;

/** Latency percentiles from raw samples (nanoseconds). */
public record Percentiles(double p50ms, double p99ms, double maxMs) {
    public static Percentiles of(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Percentiles(at(sorted, 0.50), at(sorted, 0.99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
    }

    private static double at(long[] sorted, double q) {
        if (sorted.length == 0) return 0;
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    @Override
    public String toString() {
        return String.format("p50 %.2f ms, p99 %.2f ms, max %.2f ms", p50ms, p99ms, maxMs);
    }
}
