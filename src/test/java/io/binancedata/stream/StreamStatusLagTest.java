package io.binancedata.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.binancedata.codec.Allocations;
import io.binancedata.codec.EventTimes;
import org.junit.jupiter.api.Test;

/** The lag histogram a stream's status keeps: exact buckets, sum and negative lags, recorded without allocating. */
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
        assertThat(histogram.count(LagHistogram.BUCKETS - 1)).isEqualTo(2);
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
        double[] bounds = new double[LagHistogram.BUCKETS];
        for (int i = 0; i < bounds.length; i++) {
            bounds[i] = LagHistogram.upperBoundSeconds(i);
        }
        assertThat(bounds).containsExactly(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
                60, Double.POSITIVE_INFINITY);
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

        status.onMessages(batch);

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

        status.onMessages(batch);
        assertThat(status.lagHistogram().counts()).as("the batch's own counts start again from zero")
                .containsExactly(2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2);
    }
}
