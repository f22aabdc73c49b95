package io.binancedata.bench.e2e;

import java.util.Arrays;
import java.util.Locale;

/**
 * Percentiles of a set of durations (µs), by sorting them: exact, nearest-rank (the value at rank ⌈p·n⌉).
 *
 * @param count number of values
 * @param min   smallest value
 * @param p50   median
 * @param p99   99th percentile
 * @param p999  99.9th percentile
 * @param max   largest value
 */
record Latencies(int count, long min, long p50, long p99, long p999, long max) {

    static Latencies of(long[] values, int count) {
        if (count == 0) {
            return new Latencies(0, -1, -1, -1, -1, -1);
        }
        long[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        return new Latencies(count, sorted[0], rank(sorted, 0.50), rank(sorted, 0.99), rank(sorted, 0.999),
                sorted[count - 1]);
    }

    private static long rank(long[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** A Markdown table row: {@code | label | min | p50 | p99 | p99.9 | max | count |}, durations in µs or ms. */
    String row(String label) {
        if (count == 0) {
            return "| " + label + " | n/a | n/a | n/a | n/a | n/a | 0 |";
        }
        return String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %,d |", label, duration(min),
                duration(p50), duration(p99), duration(p999), duration(max), count);
    }

    static String duration(long micros) {
        if (Math.abs(micros) < 10_000) {
            return String.format(Locale.ROOT, "%,d µs", micros);
        }
        return String.format(Locale.ROOT, "%,.1f ms", micros / 1000.0);
    }
}
