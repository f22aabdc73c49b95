package io.binancedata.management;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;

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
 * A Prometheus histogram of every stream ({@code _bucket{le=…}}, {@code _count}, {@code _sum}), one series set per
 * stream, read from one of each stream's {@link LagHistogram}s when scraped: {@link #lag()}
 * ({@code binance_stream_lag_seconds}) and {@link #delivery()} ({@code binance_stream_delivery_seconds}). Micrometer
 * cannot publish a histogram whose buckets are counted elsewhere, so this is a collector registered directly on the
 * Prometheus registry behind Micrometer's {@code PrometheusMeterRegistry}. Streams are added and removed with their
 * other meters ({@link StreamMeters}); a removed stream leaves no series behind. Labels as the other stream meters:
 * {@code stream}, {@code symbol}, {@code kind}, {@code interval}.
 */
final class LagHistograms implements MultiCollector {
    static final String LAG = "binance_stream_lag_seconds";
    static final String DELIVERY = "binance_stream_delivery_seconds";

    private final String name;
    private final String help;
    private final Function<StreamStatus, LagHistogram> histogram;
    private final double[] upperBounds;
    private final Map<String, StreamStatus> streams = new ConcurrentSkipListMap<>();

    private LagHistograms(String name, String help, long[] boundsMicros, Function<StreamStatus, LagHistogram> histogram) {
        this.name = name;
        this.help = help;
        this.histogram = histogram;
        LagHistogram scale = new LagHistogram(boundsMicros);
        this.upperBounds = new double[scale.buckets()];
        for (int i = 0; i < upperBounds.length; i++) {
            upperBounds[i] = scale.upperBoundSeconds(i);
        }
    }

    /** {@code binance_stream_lag_seconds}: receive time minus exchange event time. */
    static LagHistograms lag() {
        return new LagHistograms(LAG, "Receive time minus exchange event time of each delivered event (negative lags, "
                + "clock skew, count as 0)", LagHistogram.LAG_BOUNDS_MICROS, StreamStatus::lagHistogram);
    }

    /** {@code binance_stream_delivery_seconds}: the moment every sink took an event minus its receive time. */
    static LagHistograms delivery() {
        return new LagHistograms(DELIVERY, "The moment every sink took each event (written, sent or spooled) minus "
                + "its receive time", LagHistogram.DELIVERY_BOUNDS_MICROS, StreamStatus::deliveryHistogram);
    }

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
        HistogramSnapshot.Builder snapshot = HistogramSnapshot.builder().name(name).help(help).unit(Unit.SECONDS);
        for (StreamStatus status : streams.values()) {
            LagHistogram counted = histogram.apply(status);
            StreamKey key = status.key();
            snapshot.dataPoint(HistogramDataPointSnapshot.builder()
                    .classicHistogramBuckets(ClassicHistogramBuckets.of(upperBounds, counted.counts()))
                    .sum(counted.sumSeconds())
                    .labels(StreamMeters.labels(key))
                    .build());
        }
        return new MetricSnapshots(snapshot.build());
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of(name);
    }
}
