package io.binancedata.stream;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How long after a reference time something happened, for each event of a stream, in fixed buckets: the lag of an
 * event's receive time behind its exchange event time ({@link #LAG_BOUNDS_MICROS}), or of the moment it was written
 * to every sink behind its receive time ({@link #DELIVERY_BOUNDS_MICROS}). Recording is allocation-free and
 * lock-free; readers (metrics at scrape time) see each bucket's own count.
 *
 * <p>A negative lag (for the event time: the exchange's clock ahead of this host's) is recorded as 0 (the lowest
 * bucket, nothing added to the sum, so the sum never decreases) and counted by {@link #negative()}.
 */
public final class LagHistogram {
    /**
     * Receive time minus exchange event time, by inclusive upper bound: 1 ms, 2.5 ms, 5 ms, 10 ms, 25 ms, 50 ms,
     * 100 ms, 250 ms, 500 ms, 1 s, 2.5 s, 5 s, 10 s, 30 s, 60 s, and +Inf. A healthy connection near the exchange sits
     * in the millisecond buckets, a distant one in the tens of milliseconds; seconds mean back-pressure from a slow
     * sink or a stalled connection; beyond a minute the data is a replay (backfilled events, the bundled fake
     * exchange).
     */
    public static final long[] LAG_BOUNDS_MICROS = {1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000,
        250_000, 500_000, 1_000_000, 2_500_000, 5_000_000, 10_000_000, 30_000_000, 60_000_000};
    /**
     * Written to every sink (or its spool) minus receive time, by inclusive upper bound: 50 µs, 100 µs, 250 µs,
     * 500 µs, 1 ms, then as {@link #LAG_BOUNDS_MICROS}. The product's own part: the hand-over to the stream's drain,
     * the frame pipeline, the route and the sinks' writes; milliseconds mean a busy drain or a slow sink, seconds a
     * gap fetched from REST (the frames behind it wait) or a sink that blocks.
     */
    public static final long[] DELIVERY_BOUNDS_MICROS = {50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000,
        50_000, 100_000, 250_000, 500_000, 1_000_000, 2_500_000, 5_000_000, 10_000_000, 30_000_000, 60_000_000};

    private final long[] bounds;
    private final AtomicLongArray counts;
    /** Sum of the recorded lags in µs, as the raw bits of a double (a long would overflow on replays of old data). */
    private final AtomicLong sumMicrosBits = new AtomicLong(Double.doubleToRawLongBits(0.0));
    private final AtomicLong negative = new AtomicLong();

    /** A histogram of lags behind the exchange's event time ({@link #LAG_BOUNDS_MICROS}). */
    public LagHistogram() {
        this(LAG_BOUNDS_MICROS);
    }

    /** @param upperBoundsMicros the buckets' inclusive upper bounds, rising; a last bucket, +Inf, follows them */
    public LagHistogram(long[] upperBoundsMicros) {
        for (int i = 1; i < upperBoundsMicros.length; i++) {
            if (upperBoundsMicros[i] <= upperBoundsMicros[i - 1]) {
                throw new IllegalArgumentException("bucket bounds must rise: " + upperBoundsMicros[i - 1] + ", "
                        + upperBoundsMicros[i]);
            }
        }
        this.bounds = upperBoundsMicros.clone();
        this.counts = new AtomicLongArray(bounds.length + 1);
    }

    /** Number of buckets, the last (+Inf) included. */
    public int buckets() {
        return bounds.length + 1;
    }

    /** A batch to gather lags in before {@link #record(Batch) recording} them together (one per writer). */
    public Batch batch() {
        return new Batch(bounds);
    }

    /** Records one event's lag. */
    public void record(long lagMicros) {
        long lag = lagMicros;
        if (lag < 0) {
            negative.incrementAndGet();
            lag = 0;
        }
        counts.incrementAndGet(bucket(bounds, lag));
        if (lag > 0) {
            addToSum(lag);
        }
    }

    /**
     * Records the lags of a batch of events ({@link #batch()} of this histogram), published at once (one atomic
     * update per bucket used, one for the sum): the per-event cost of {@link #record} is a handful of atomic
     * operations, paid here once per batch.
     */
    public void record(Batch batch) {
        if (batch.bounds != bounds) {
            throw new IllegalArgumentException("a batch of another histogram");
        }
        if (batch.events == 0) {
            return;
        }
        for (int i = 0; i < batch.counts.length; i++) {
            long n = batch.counts[i];
            if (n != 0) {
                counts.addAndGet(i, n);
                batch.counts[i] = 0;
            }
        }
        if (batch.negative != 0) {
            negative.addAndGet(batch.negative);
        }
        if (batch.sumMicros != 0) {
            addToSum(batch.sumMicros);
        }
        batch.events = 0;
        batch.negative = 0;
        batch.sumMicros = 0;
    }

    private static int bucket(long[] bounds, long lag) {
        int bucket = 0;
        while (bucket < bounds.length && lag > bounds[bucket]) {
            bucket++;
        }
        return bucket;
    }

    private void addToSum(double lagMicros) {
        long before;
        long after;
        do {
            before = sumMicrosBits.get();
            after = Double.doubleToRawLongBits(Double.longBitsToDouble(before) + lagMicros);
        } while (!sumMicrosBits.compareAndSet(before, after));
    }

    /** Inclusive upper bound of a bucket in seconds; {@link Double#POSITIVE_INFINITY} for the last. */
    public double upperBoundSeconds(int bucket) {
        return bucket == bounds.length ? Double.POSITIVE_INFINITY : bounds[bucket] / 1e6;
    }

    /** Events recorded in one bucket (not cumulative): lag above the previous bound, at most this bucket's bound. */
    public long count(int bucket) {
        return counts.get(bucket);
    }

    /** Events recorded in every bucket, read one bucket after the other (not cumulative). */
    public long[] counts() {
        long[] copy = new long[counts.length()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = counts.get(i);
        }
        return copy;
    }

    /** Sum of the recorded lags in seconds (negative lags count as 0). */
    public double sumSeconds() {
        return Double.longBitsToDouble(sumMicrosBits.get()) / 1e6;
    }

    /** Events whose exchange event time was after their receive time (clock skew), recorded as lag 0. */
    public long negative() {
        return negative.get();
    }

    /**
     * Lags gathered by one writer before they are {@link #record(Batch) recorded} together; reused, not thread-safe.
     * The batch's sum is a double, as the histogram's own (lags of replayed old data are large).
     */
    public static final class Batch {
        private final long[] bounds;
        private final long[] counts;
        private double sumMicros;
        private long negative;
        private int events;

        private Batch(long[] bounds) {
            this.bounds = bounds;
            this.counts = new long[bounds.length + 1];
        }

        /** Adds one event's lag. */
        public void add(long lagMicros) {
            long lag = lagMicros;
            if (lag < 0) {
                negative++;
                lag = 0;
            }
            counts[bucket(bounds, lag)]++;
            sumMicros += lag;
            events++;
        }
    }
}
