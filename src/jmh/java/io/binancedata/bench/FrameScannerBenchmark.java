package io.binancedata.bench;

import java.util.concurrent.TimeUnit;

import io.binancedata.pipeline.TradeFrameDecoder;
import io.binancedata.sequence.FrameScanner;
import io.binancedata.sequence.GapFiller;
import io.binancedata.sequence.SequenceFields;
import io.binancedata.sequence.SequenceGuard;
import io.binancedata.stream.StreamKey;
import io.binancedata.stream.StreamStatus;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The two checks every trade frame passes besides its decoding: {@link FrameScanner#isEvent} on the raw text (the
 * connection looks for {@code serverShutdown} before handing a frame on) and {@link SequenceGuard#admit} on the trade
 * id the decoder read (duplicate/gap check; the ids are decoded once at set-up with the product's
 * {@link TradeFrameDecoder}, so the guard's own cost is measured).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FrameScannerBenchmark {
    private String[] trades;
    private long[] tradeIds;
    private int nextTrade;
    private StreamStatus status;
    private SequenceGuard guard;
    private final SequenceFields fields = new SequenceFields();
    private long backfilled;
    private final SequenceGuard.Delivery backfill = (frame, isBackfill, receiveTime) -> backfilled++;

    @Setup
    public void setUp() {
        trades = BenchData.btcusdtTrades().toArray(new String[0]);
        tradeIds = new long[trades.length];
        TradeFrameDecoder decoder = new TradeFrameDecoder("BTCUSDT");
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[TradeFrameDecoder.MAX_ENCODED_LENGTH]);
        for (int i = 0; i < trades.length; i++) {
            char[] frame = trades[i].toCharArray();
            decoder.decode(frame, 0, frame.length, 1_723_161_255_343_000L, buffer, 0);
            tradeIds[i] = decoder.tradeId();
        }
        status = new StreamStatus(StreamKey.trade("BTCUSDT"));
        guard = new SequenceGuard(status, GapFiller.NONE);
    }

    /** Whether a trade frame is a {@code serverShutdown} event (it never is: the whole scan for {@code "e"}). */
    @Benchmark
    public boolean serverShutdownCheck() {
        if (nextTrade == trades.length) {
            nextTrade = 0;
        }
        return FrameScanner.isEvent(trades[nextTrade++], "serverShutdown");
    }

    /** {@link SequenceGuard#admit} on consecutive trade ids (a fresh guard before the recording starts over). */
    @Benchmark
    public SequenceGuard.Admission tradeGuard() {
        if (nextTrade == tradeIds.length) {
            nextTrade = 0;
            guard = new SequenceGuard(status, GapFiller.NONE);
        }
        return guard.admit(fields.trade(tradeIds[nextTrade++]), 1_723_161_255_343_000L, backfill);
    }

    /** Every trade must have been admitted: a dropped "duplicate" or a gap would mean the wrong path was measured. */
    @TearDown
    public void checkNoDuplicates() {
        if (status.duplicates() != 0 || status.gapsUnfilled() != 0 || backfilled != 0) {
            throw new IllegalStateException("Benchmark invalid: " + status.duplicates() + " duplicates, "
                    + status.gapsUnfilled() + " gaps, " + backfilled + " backfilled");
        }
    }
}
