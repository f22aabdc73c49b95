package io.binancedata.bench.e2e;

import java.util.Locale;

import io.binancedata.stream.LagHistogram;

/**
 * The jar's own {@code binance_stream_delivery_seconds} histogram summed over its streams (receive time → every sink
 * took the event), as scraped from {@code /observe/metrics}: the product's own part of the latency, without the file
 * tail's polling. Quantiles are bucket bounds ("at most"), not exact values.
 *
 * @param counts events per bucket (not cumulative), in the order of {@link LagHistogram#DELIVERY_BOUNDS_MICROS}, +Inf
 *               last
 */
record DeliveryHistogram(long[] counts) {
    private static final long[] BOUNDS = LagHistogram.DELIVERY_BOUNDS_MICROS;

    /** From cumulative bucket values in the order of their bounds (as Prometheus prints them). */
    static DeliveryHistogram ofCumulative(long[] cumulative) {
        if (cumulative.length != BOUNDS.length + 1) {
            throw new IllegalArgumentException(cumulative.length + " buckets, expected " + (BOUNDS.length + 1));
        }
        long[] counts = new long[cumulative.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = cumulative[i] - (i == 0 ? 0 : cumulative[i - 1]);
        }
        return new DeliveryHistogram(counts);
    }

    /** What was recorded since {@code earlier}. */
    DeliveryHistogram since(DeliveryHistogram earlier) {
        long[] difference = new long[counts.length];
        for (int i = 0; i < counts.length; i++) {
            difference[i] = counts[i] - earlier.counts[i];
        }
        return new DeliveryHistogram(difference);
    }

    long count() {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }

    /** The bound of the bucket holding rank ⌈p·n⌉: the p-quantile is at most this; "> 60 s" in the last. */
    String atMost(double p) {
        long rank = (long) Math.ceil(p * count());
        long cumulative = 0;
        for (int i = 0; i < counts.length; i++) {
            cumulative += counts[i];
            if (cumulative >= rank) {
                return i == BOUNDS.length ? "> " + Latencies.duration(BOUNDS[BOUNDS.length - 1])
                        : "≤ " + Latencies.duration(BOUNDS[i]);
            }
        }
        throw new IllegalStateException("no bucket holds rank " + rank);
    }

    /** A row of the latency table: {@code | label | – | ≤ p50 | ≤ p99 | ≤ p99.9 | – | count |}. */
    String row(String label) {
        if (count() == 0) {
            return "| " + label + " | n/a | n/a | n/a | n/a | n/a | 0 |";
        }
        return String.format(Locale.ROOT, "| %s | – | %s | %s | %s | – | %,d |", label, atMost(0.50), atMost(0.99),
                atMost(0.999), count());
    }
}
