package io.binancedata.fake;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TradeSequenceTest {
    private static final TradeTape TAPE = TradeTape.ofFrames("TESTUSDT", List.of(
            TestData.trade("TESTUSDT", 100, "1.00000000", "1.00000000", 10_000, true),
            "garbage",
            TestData.trade("TESTUSDT", 101, "2.00000000", "1.00000000", 10_500, false),
            TestData.trade("TESTUSDT", 102, "3.00000000", "1.00000000", 12_000, true)));

    @Test
    void shouldShiftIdsByTheTapeLengthAndTimesBySpanPlusGapOnEachPass() {
        TradeSequence sequence = new TradeSequence(TAPE, true, 1_000);

        assertThat(sequence.frame(0)).isEqualTo(TAPE.frame(0));
        assertThat(sequence.frame(4)).isEqualTo(TestData.trade("TESTUSDT", 103, "1.00000000", "1.00000000", 13_000,
                true));
        assertThat(sequence.frame(5)).isEqualTo("garbage");
        assertThat(sequence.trade(11)).isEqualTo(new TapeTrade(108, "3.00000000", "1.00000000", 18_000, 18_000, true,
                true));
        assertThat(sequence.time(5)).isEqualTo(13_000);
        assertThat(sequence.has(1_000_000)).isTrue();
    }

    @Test
    void shouldFindTradesByIdAndFramesByTimeAcrossPasses() {
        TradeSequence sequence = new TradeSequence(TAPE, true, 1_000);

        assertThat(sequence.seqOfTradeId(101)).isEqualTo(2);
        assertThat(sequence.seqOfTradeId(104)).isEqualTo(6);
        assertThat(sequence.seqOfTradeId(105)).isEqualTo(7);
        assertThat(sequence.seqOfTradeId(99)).isEqualTo(-1);
        assertThat(sequence.firstSeqAtOrAfter(0)).isZero();
        assertThat(sequence.firstSeqAtOrAfter(10_001)).isEqualTo(2);
        assertThat(sequence.firstSeqAtOrAfter(12_001)).isEqualTo(4);
        assertThat(sequence.firstSeqAtOrAfter(13_500)).isEqualTo(6);
        assertThat(sequence.firstSeqAtOrAfter(13_600)).isEqualTo(7);
    }

    @Test
    void shouldEndAFiniteTape() {
        TradeSequence sequence = new TradeSequence(TAPE, false, 1_000);

        assertThat(sequence.has(3)).isTrue();
        assertThat(sequence.has(4)).isFalse();
        assertThat(sequence.seqOfTradeId(103)).isEqualTo(-1);
        assertThat(sequence.firstSeqAtOrAfter(12_001)).isEqualTo(-1);
    }
}
