package io.binancedata.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.binancedata.codec.Allocations;
import io.binancedata.codec.EventTimes;
import org.junit.jupiter.api.Test;

/**
 * The lag and delivery histograms a stream's status keeps: exact buckets, sum and negative lags, recorded without
 * allocating.
 */
class StreamStatusLagTest {
    private static final long RECEIVE = 1_723_161_300_000_000L;

    private final StreamStatus status = new StreamStatus(StreamKey.trade("BTCUSDT"));

    private void deliver(long lagMicros) {
        status.onMessage(100, RECEIVE - lagMicros, RECEIVE);
    }

    @Test
    void shouldCountEachLagInTheBucketWhoseInclusiveUpperBoundItFirstFits() {
        long[] lags = {0, 1, 1_000, 1_001, 2_500, 2_501, 99_999, 100_000, 999_999, 1_000_000, 1_000_001,
            59_999_999, 60_000_000, 60_000_001, 72_000_000_000_000L};
        for (long lag : lags) {
            deliver(lag);
        }

        LagHistogram histogram = status.lagHistogram();
        //                                  1ms 2.5ms 5ms 10ms 25ms 50ms 100ms 250ms 500ms 1s 2.5s 5s 10s 30s 60s +Inf
        assertThat(histogram.counts()).containsExactly(3, 2, 1, 0, 0, 0, 2, 0, 0, 2, 1, 0, 0, 0, 2, 2);
        assertThat(histogram.count(histogram.buckets() - 1)).isEqualTo(2);
        double expectedSum = 0;
        for (long lag : lags) {
            expectedSum += lag;
        }
        assertThat(histogram.sumSeconds()).isEqualTo(expectedSum / 1e6);
        assertThat(histogram.negative()).isZero();
        assertThat(status.messages()).isEqualTo(lags.length);
        assertThat(status.lagMicros()).isEqualTo(72_000_000_000_000L);
    }

    @Test
    void shouldRecordANegativeLagAsZeroAndCountItApart() {
        deliver(-3_000);
        deliver(-1);
        deliver(2_000);

        LagHistogram histogram = status.lagHistogram();
        assertThat(histogram.counts()).containsExactly(2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(histogram.negative()).isEqualTo(2);
        assertThat(histogram.sumSeconds()).isEqualTo(0.002);
        assertThat(status.lagMicros()).as("the last event's own lag").isEqualTo(2_000);
    }

    @Test
    void shouldCountABackfilledEventWithoutMovingTheLastEventTimeOrTheLag() {
        deliver(2_000);
        status.onMessage(100, EventTimes.NULL, RECEIVE + 5_000_000);

        assertThat(status.messages()).isEqualTo(2);
        assertThat(status.bytes()).isEqualTo(200);
        assertThat(status.lastEventTimeMicros()).isEqualTo(RECEIVE - 2_000);
        assertThat(status.lagMicros()).isEqualTo(2_000);
        assertThat(status.lagHistogram().counts()).containsExactly(0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void shouldNameTheBucketBoundsInSeconds() {
        assertThat(bounds(status.lagHistogram())).containsExactly(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                0.5, 1, 2.5, 5, 10, 30, 60, Double.POSITIVE_INFINITY);
        assertThat(bounds(status.deliveryHistogram())).containsExactly(0.00005, 0.0001, 0.00025, 0.0005, 0.001,
                0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, Double.POSITIVE_INFINITY);
    }

    private static double[] bounds(LagHistogram histogram) {
        double[] bounds = new double[histogram.buckets()];
        for (int i = 0; i < bounds.length; i++) {
            bounds[i] = histogram.upperBoundSeconds(i);
        }
        return bounds;
    }

    @Test
    void shouldRefuseBoundsThatDoNotRiseAndBatchesOfAnotherHistogram() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LagHistogram(new long[] {10, 10}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("bucket bounds must rise: 10, 10");
        LagHistogram.Batch other = new LagHistogram().batch();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> status.deliveryHistogram().record(other))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a batch of another histogram");
    }

    @Test
    void shouldStartEmpty() {
        assertThat(status.lagHistogram().counts()).containsOnly(0);
        assertThat(status.lagHistogram().sumSeconds()).isZero();
        assertThat(status.lagMicros()).isEqualTo(-1);
    }

    @Test
    void shouldRecordWithoutAllocating() {
        long[] lags = {-20, 800, 3_000, 40_000, 700_000, 3_000_000, 90_000_000, 72_000_000_000_000L};
        Allocations.assertNoAllocationPerCall(lags.length * 1000, i -> {
            status.onMessage(64, RECEIVE - lags[i % lags.length], RECEIVE);
            return status.messages();
        });
    }

    @Test
    void shouldCountABatchAsItsMessagesOneByOne() {
        long[] eventTimes = {RECEIVE - 2_000, EventTimes.NULL, RECEIVE + 3_000, RECEIVE - 70_000_000};
        int[] lengths = {80, 90, 100, 110};
        StreamStatus oneByOne = new StreamStatus(StreamKey.trade("BTCUSDT"));
        EventBatch batch = new EventBatch();
        batch.reset(7, new FrameBatch());
        for (int i = 0; i < eventTimes.length; i++) {
            batch.claim(lengths[i]);
            batch.commit(lengths[i], eventTimes[i], RECEIVE, RECEIVE + i, i, -1, "{}");
            oneByOne.onMessage(lengths[i], eventTimes[i], RECEIVE + i);
        }

        status.onMessages(batch, RECEIVE + 300);

        assertThat(status.messages()).isEqualTo(4).isEqualTo(oneByOne.messages());
        assertThat(status.bytes()).isEqualTo(380).isEqualTo(oneByOne.bytes());
        assertThat(status.lastEventTimeMicros()).isEqualTo(RECEIVE - 70_000_000);
        assertThat(status.lagMicros()).isEqualTo(70_000_003).isEqualTo(oneByOne.lagMicros());
        LagHistogram histogram = status.lagHistogram();
        //                                  1ms 2.5ms 5ms 10ms 25ms 50ms 100ms 250ms 500ms 1s 2.5s 5s 10s 30s 60s +Inf
        assertThat(histogram.counts()).containsExactly(1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)
                .containsExactly(oneByOne.lagHistogram().counts());
        assertThat(histogram.negative()).isEqualTo(1);
        assertThat(histogram.sumSeconds()).isEqualTo(70_002_003 / 1e6);

        // every event, backfilled ones too: written 300, 299, 298 and 297 µs after its receive time
        LagHistogram delivery = status.deliveryHistogram();
        //                                 50µs 100µs 250µs 500µs 1ms ...
        assertThat(delivery.counts()).containsExactly(0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(delivery.sumSeconds()).isEqualTo(1_194 / 1e6);
        assertThat(oneByOne.deliveryHistogram().counts()).as("a message counted alone has no delivery time")
                .containsOnly(0);

        status.onMessages(batch, RECEIVE + 40);
        assertThat(status.lagHistogram().counts()).as("the batch's own counts start again from zero")
                .containsExactly(2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2);
        assertThat(delivery.counts()).as("37 to 40 µs: the first bucket")
                .containsExactly(4, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void shouldRecordBatchesWithoutAllocating() {
        EventBatch batch = new EventBatch();
        batch.reset(7, new FrameBatch());
        for (int i = 0; i < 100; i++) {
            batch.claim(64);
            batch.commit(64, RECEIVE - 1_000 * i, RECEIVE, RECEIVE + i, i, -1, "{}");
        }
        Allocations.assertNoAllocationPerCall(1000, i -> {
            status.onMessages(batch, RECEIVE + 200 + i);
            return status.messages();
        });
    }
}
