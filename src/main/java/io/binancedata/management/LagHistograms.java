package io.binancedata.management;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

import io.binancedata.stream.LagHistogram;
import io.binancedata.stream.StreamKey;
import io.binancedata.stream.StreamStatus;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * The Prometheus histogram {@code binance_stream_lag_seconds} ({@code _bucket{le=…}}, {@code _count}, {@code _sum}),
 * one series set per stream, read from each stream's {@link LagHistogram} when scraped. Micrometer cannot publish a
 * histogram whose buckets are counted elsewhere, so this is a collector registered directly on the Prometheus
 * registry behind Micrometer's {@code PrometheusMeterRegistry}. Streams are added and removed with their other meters
 * ({@link StreamMeters}); a removed stream leaves no series behind. Labels as the other stream meters: {@code stream},
 * {@code symbol}, {@code kind}, {@code interval}.
 */
final class LagHistograms implements MultiCollector {
    static final String NAME = "binance_stream_lag_seconds";
    private static final String HELP = "Receive time minus exchange event time of each delivered event "
            + "(negative lags, clock skew, count as 0)";
    private static final double[] UPPER_BOUNDS = new double[LagHistogram.BUCKETS];

    static {
        for (int i = 0; i < UPPER_BOUNDS.length; i++) {
            UPPER_BOUNDS[i] = LagHistogram.upperBoundSeconds(i);
        }
    }

    private final Map<String, StreamStatus> streams = new ConcurrentSkipListMap<>();

    void add(StreamStatus status) {
        streams.put(status.key().id(), status);
    }

    void remove(String streamId) {
        streams.remove(streamId);
    }

    @Override
    public MetricSnapshots collect() {
        if (streams.isEmpty()) {
            return new MetricSnapshots();
        }
        HistogramSnapshot.Builder histogram = HistogramSnapshot.builder().name(NAME).help(HELP).unit(Unit.SECONDS);
        for (StreamStatus status : streams.values()) {
            LagHistogram lag = status.lagHistogram();
            StreamKey key = status.key();
            histogram.dataPoint(HistogramDataPointSnapshot.builder()
                    .classicHistogramBuckets(ClassicHistogramBuckets.of(UPPER_BOUNDS, lag.counts()))
                    .sum(lag.sumSeconds())
                    .labels(StreamMeters.labels(key))
                    .build());
        }
        return new MetricSnapshots(histogram.build());
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of(NAME);
    }
}
